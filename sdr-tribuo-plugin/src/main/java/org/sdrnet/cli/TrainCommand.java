package org.sdrnet.cli;

import org.sdrnet.data.ImageSet;
import org.sdrnet.tribuo.SdrFeatureExtractor;
import org.sdrnet.tribuo.SdrModel;
import org.sdrnet.tribuo.SdrTrainer;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sdr train}: a Tribuo classifier on the frozen features of a backbone (a file, a checkpoint, an SDR sub-net or
 * a routed choice), trained on labeled images and saved as an {@code SdrModel} directory that predicts from images;
 * prints the test accuracy when the task has a test part.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a Tribuo classifier on a backbone's features of labeled images; saves an SdrModel directory "
                + "(for `sdr predict` or SdrModel.load) and prints its test accuracy when there is a test part.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--trainer", defaultValue = TrainerNames.DEFAULT, paramLabel = "NAME",
            description = "Tribuo trainer (default: ${DEFAULT-VALUE}); --list-trainers shows all.")
    String trainer;

    @Option(names = "--list-trainers", description = "List the trainers and exit.")
    boolean listTrainers;

    @Option(names = "--out", paramLabel = "DIR", description = "The saved model directory (written whole or not at all; "
            + "an earlier saved model there is replaced).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the catalog task and the trainer (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Mixin
    LabeledImages images;

    @Mixin
    DataOptions data;

    @Mixin
    BackboneOptions backbone;

    @Override
    public Integer call() {
        if (listTrainers) {
            TrainerNames.descriptions().forEach((name, d) -> System.out.printf("  %-10s %s%n", name, d));
            return 0;
        }
        // every argument is checked before the images are read and the backbone runs
        Trainer<Label> tribuoTrainer = TrainerNames.create(trainer, seed);
        if (out == null) {
            throw new IllegalArgumentException("give --out DIR, the directory the trained model is saved to");
        }
        SdrModel.checkSaveTarget(out);
        backbone.check();
        LabeledImages.Parts parts = images.load(data, seed);
        try (SdrFeatureExtractor fx = backbone.open(device)) {
            System.err.println("sdr train: " + trainer + " on " + parts.train().size() + " images (" + parts.train().numClasses()
                    + " classes) of " + images.describe() + ", backbone " + fx.description());
            try (SdrModel<Label> model = new SdrTrainer<>(tribuoTrainer, new LabelFactory(), fx).train(parts.train())) {
                if (parts.test() != null) {
                    ImageSet test = parts.test();
                    System.out.printf("test accuracy: %.4f (%d images)%n", accuracy(model.predict(test), test), test.size());
                }
                model.save(out);
            }
        }
        System.out.println("saved model " + out);
        return 0;
    }

    /** The fraction of predictions whose label is the image's class. */
    static double accuracy(List<Prediction<Label>> predictions, ImageSet images) {
        int right = 0;
        for (int i = 0; i < predictions.size(); i++) {
            if (predictions.get(i).getOutput().getLabel().equals(images.classNames().get(images.label(i)))) {
                right++;
            }
        }
        return (double) right / images.size();
    }
}
