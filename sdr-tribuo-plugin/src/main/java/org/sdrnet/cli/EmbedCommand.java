package org.sdrnet.cli;

import org.sdrnet.checkpoint.DjlCheckpointFeatures;
import org.sdrnet.data.DataException;
import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxFeatures;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;
import org.sdrnet.spi.Services;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sdr embed}: the raw embeddings of image files and folders under one backbone (an exported {@code .onnx} run
 * with ONNX Runtime, or a checkpoint run with DJL), written to {@code .npy} or {@code .csv}, to compare with another
 * tool or to feed one. Images are read as every other command reads a folder ({@link ImageFolderReader}, the steps an
 * exported file records); a file that cannot be read is reported and left out, the others are written.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Write the embeddings of image files and folders (one row per image) to a .npy or .csv file.")
final class EmbedCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Backbone backbone;

    static final class Backbone {
        @Option(names = "--onnx", paramLabel = "FILE", description = "An exported .onnx backbone, run with ONNX Runtime.")
        Path onnx;

        @Option(names = "--checkpoint", paramLabel = "DIR",
                description = "A checkpoint, run or SDR run directory, run with DJL (an SDR run needs --path).")
        Path checkpoint;
    }

    @Option(names = "--path", paramLabel = "G1,G2,…", description = "SDR sub-net path (one group per stage), with --checkpoint.")
    String path;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files and folders (a folder: every picture below it).")
    List<Path> images;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "FILE.npy (float32 [n, d], image paths in FILE.paths.txt) or FILE.csv (path and values per row).")
    Path out;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Override
    public Integer call() {
        EmbeddingFile format = EmbeddingFile.of(out);
        for (Path p : images) {
            if (!Files.exists(p)) {
                throw new DataException("image " + p + " does not exist");
            }
        }
        if (path != null && backbone.checkpoint == null) {
            throw new IllegalArgumentException("--path chooses a sub-net of an SDR run; it needs --checkpoint DIR");
        }
        try (ImageFeatures features = open()) {
            // an exported file says its image size; checkpoints are made for the library's one size
            int size = features instanceof OnnxBackboneRunner r ? r.metadata().imageSize() : ImageSet.DEFAULT_SIZE;
            ImageFolderReader.Result read = new ImageFolderReader(size, ImageFolderReader.DEFAULT_MAX_SIDE)
                    .readUnlabeled(images, "images");
            for (DecodeResult.Skipped s : read.report().skipped()) {
                System.err.println("sdr embed: skipped " + s.reason());
            }
            float[][] rows = features.features(read.images());
            format.write(out, read.report().read(), rows, features.featureDim());
            System.out.printf("wrote %d embeddings of %d values to %s%s; skipped %d unreadable file(s)%n", rows.length,
                    features.featureDim(), out, format == EmbeddingFile.NPY ? " (rows named in " + EmbeddingFile.pathsFile(out) + ")" : "",
                    read.report().skippedCount());
        }
        return 0;
    }

    /** The backbone through the {@link ImageFeaturesFactory} of its type. */
    private ImageFeatures open() {
        String type = backbone.onnx != null ? OnnxFeatures.NAME : DjlCheckpointFeatures.NAME;
        Path where = backbone.onnx != null ? backbone.onnx : backbone.checkpoint;
        return Services.find(ImageFeaturesFactory.class, type).open(new BackboneLocation(type, where, path, device, batch));
    }
}
