package org.sdrnet.tribuo;

import org.sdrnet.data.ImageSet;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.provenance.ModelProvenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Tribuo model that predicts from images: a frozen backbone ({@link SdrFeatureExtractor}) followed by a trained
 * Tribuo {@link Model}. Immutable; its {@link #provenance()} is the inner model's, which names the trainer, the data
 * and (through {@link ImageDataSource}) the backbone. {@link #save(Path)} writes the inner model, the backbone and a
 * manifest to one directory; {@link #load(Path, Class, String)} reads it back and refuses a backbone that is not the
 * one the model was trained on.
 */
public final class SdrModel<T extends Output<T>> implements AutoCloseable {
    private final SdrFeatureExtractor extractor;
    private final Model<T> model;
    private final OutputFactory<T> outputFactory;
    private final boolean ownsExtractor;

    SdrModel(SdrFeatureExtractor extractor, Model<T> model, OutputFactory<T> outputFactory, boolean ownsExtractor) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.model = Objects.requireNonNull(model, "model");
        this.outputFactory = Objects.requireNonNull(outputFactory, "outputFactory");
        this.ownsExtractor = ownsExtractor;
        checkFeatures(extractor, model);
    }

    /** The model must not use a feature the extractor does not make (a different backbone width, say). */
    private static void checkFeatures(SdrFeatureExtractor extractor, Model<?> model) {
        Set<String> made = new HashSet<>(extractor.featureNames());
        List<String> unknown = new ArrayList<>();
        model.getFeatureIDMap().forEach(info -> {
            if (!made.contains(info.getName())) {
                unknown.add(info.getName());
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("model uses " + unknown.size() + " feature(s) the backbone " + extractor.description()
                    + " does not make (" + extractor.featureDim() + " features), e.g. " + unknown.get(0));
        }
    }

    /** One prediction per image, in order; an empty list for an empty set. */
    public List<Prediction<T>> predict(ImageSet images) {
        Objects.requireNonNull(images, "images");
        if (images.isEmpty()) {
            return List.of();
        }
        float[][] rows = extractor.features(images);
        List<Example<T>> examples = new ArrayList<>(rows.length);
        for (float[] row : rows) {
            examples.add(extractor.example(row, outputFactory.getUnknownOutput()));
        }
        return model.predict(examples);
    }

    /** The inner model's provenance: trainer, data, and the backbone's configuration and identity. */
    public ModelProvenance provenance() {
        return model.getProvenance();
    }

    /** The trained Tribuo model on backbone features. */
    public Model<T> innerModel() {
        return model;
    }

    /** The backbone in front of the inner model. */
    public SdrFeatureExtractor extractor() {
        return extractor;
    }

    /** One line naming the backbone. */
    public String backboneDescription() {
        return extractor.description();
    }

    public OutputFactory<T> outputFactory() {
        return outputFactory;
    }

    /**
     * Writes this model to directory {@code dir} atomically: the inner model (Tribuo protobuf), the backbone
     * (DJL: spec + weights; a file-based backbone such as ONNX: a copy of the file) and {@code manifest.json}. An
     * existing saved model at {@code dir} is replaced; any other existing path is refused.
     */
    public void save(Path dir) {
        SdrModelStore.save(this, dir);
    }

    /**
     * Fails, naming {@code dir}, when {@link #save(Path)} would refuse it (it exists and is not a saved model): lets a
     * caller refuse a bad destination before training.
     */
    public static void checkSaveTarget(Path dir) {
        SdrModelStore.checkSaveTarget(dir);
    }

    /** Loads a saved model, running its backbone on the best available device. */
    public static <T extends Output<T>> SdrModel<T> load(Path dir, Class<T> outputType) {
        return load(dir, outputType, "auto");
    }

    /**
     * Loads a saved model whose outputs are {@code outputType}, running its backbone on {@code device}. Fails,
     * naming the directory, when it is not a saved model, predicts another output type, or holds a backbone whose
     * SHA-256 differs from the one the model was trained on.
     */
    public static <T extends Output<T>> SdrModel<T> load(Path dir, Class<T> outputType, String device) {
        return SdrModelStore.load(dir, outputType, device);
    }

    /** Closes the backbone if this model owns it (loaded models and models trained with a chooser). */
    @Override
    public void close() {
        if (ownsExtractor) {
            extractor.close();
        }
    }

    @Override
    public String toString() {
        return "SdrModel(" + extractor.description() + " -> " + model.getClass().getSimpleName() + ")";
    }
}
