package org.sdrnet.tribuo;

import org.sdrnet.data.ImageSet;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;

import java.util.Objects;
import java.util.function.Function;

/**
 * Trains any Tribuo {@link Trainer} (logistic regression, liblinear, KNN, XGBoost, …) on frozen backbone features of
 * labeled images and returns an {@link SdrModel} that predicts from images.
 * <p>
 * The backbone is either fixed ({@link #SdrTrainer(Trainer, OutputFactory, SdrFeatureExtractor)}) or chosen per
 * training set by a <em>backbone chooser</em> ({@link #choosing}), the hook through which routing picks the
 * sub-net that transfers best to the task. Ownership: a fixed extractor belongs to the caller and outlives the
 * models (close it after them); an extractor returned by a chooser is owned, and closed, by the model trained with it.
 */
public final class SdrTrainer<T extends Output<T>> {
    private final Trainer<T> trainer;
    private final OutputFactory<T> outputFactory;
    private final Function<ImageSet, SdrFeatureExtractor> chooser;
    private final boolean modelsOwnExtractor;

    private SdrTrainer(Trainer<T> trainer, OutputFactory<T> outputFactory, Function<ImageSet, SdrFeatureExtractor> chooser,
                       boolean modelsOwnExtractor) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.outputFactory = Objects.requireNonNull(outputFactory, "outputFactory");
        this.chooser = Objects.requireNonNull(chooser, "chooser");
        this.modelsOwnExtractor = modelsOwnExtractor;
    }

    /** A trainer on the features of one fixed backbone. */
    public SdrTrainer(Trainer<T> trainer, OutputFactory<T> outputFactory, SdrFeatureExtractor backbone) {
        this(trainer, outputFactory, constant(Objects.requireNonNull(backbone, "backbone")), false);
    }

    /**
     * A trainer that asks {@code chooser} for a backbone for each training set (e.g. the router's choice); the
     * chooser returns a fresh extractor, which the trained model then owns.
     */
    public static <T extends Output<T>> SdrTrainer<T> choosing(Trainer<T> trainer, OutputFactory<T> outputFactory,
                                                               Function<ImageSet, SdrFeatureExtractor> chooser) {
        return new SdrTrainer<>(trainer, outputFactory, chooser, true);
    }

    private static Function<ImageSet, SdrFeatureExtractor> constant(SdrFeatureExtractor fx) {
        return images -> fx;
    }

    /** Chooses (or takes) the backbone, extracts features of {@code train} and trains the inner trainer. */
    public SdrModel<T> train(ImageSet train) {
        Objects.requireNonNull(train, "train");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set '" + train.name() + "' is empty");
        }
        if (!train.isLabeled()) {
            throw new IllegalArgumentException("training set '" + train.name() + "' is unlabeled; SdrTrainer needs labeled images");
        }
        SdrFeatureExtractor fx = chooser.apply(train);
        if (fx == null) {
            throw new IllegalStateException("the backbone chooser returned no extractor for training set '" + train.name() + "'");
        }
        try {
            return train(new ImageDataSource<>(train, outputFactory, fx), modelsOwnExtractor);
        } catch (RuntimeException e) {
            if (modelsOwnExtractor) {
                fx.close();
            }
            throw e;
        }
    }

    /**
     * Trains on an already extracted (e.g. configured) data source, whose extractor the model borrows. The source's
     * labels must be known.
     */
    public SdrModel<T> train(ImageDataSource<T> source) {
        return train(source, false);
    }

    private SdrModel<T> train(ImageDataSource<T> source, boolean ownsExtractor) {
        if (!source.images().isLabeled()) {
            throw new IllegalArgumentException("training set '" + source.images().name() + "' is unlabeled; SdrTrainer needs labeled images");
        }
        Model<T> model = trainer.train(new MutableDataset<>(source));
        return new SdrModel<>(source.extractor(), model, source.getOutputFactory(), ownsExtractor);
    }

    /** The wrapped Tribuo trainer. */
    public Trainer<T> innerTrainer() {
        return trainer;
    }

    @Override
    public String toString() {
        return "SdrTrainer(" + trainer + ")";
    }
}
