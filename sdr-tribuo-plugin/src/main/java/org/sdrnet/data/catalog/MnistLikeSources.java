package org.sdrnet.data.catalog;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The catalog entries read from MNIST-format IDX files: pool P1 and task D1 on MNIST, pool P2 and task D2 on
 * Fashion-MNIST (DATA.md).
 * <p>
 * Pool and probe-train images must never overlap, whatever seeds or presets two calls use. So the training
 * file is first partitioned with a <b>fixed</b> seed: a probe reserve of 1,000 images per class (the full
 * preset's probe size) and the pool remainder. The run's seed then picks the preset's probe-train images from
 * the reserve and the pool images from the remainder. Test images come from the t10k file, stratified and
 * capped by the preset.
 */
public final class MnistLikeSources {
    /** Fashion-MNIST's class names, in label order. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Seed of the fixed reserve/pool partition; never the run's seed, so disjointness holds across runs. */
    static final long PARTITION_SEED = 20221123L;
    /** Probe images reserved per class: the largest probe-train any preset asks for. */
    static final int RESERVE_PER_CLASS = Preset.FULL.trainPerClass();

    private MnistLikeSources() {
    }

    /** One IDX data family: where its files are and what its entries are called. */
    private record Family(String set, String suffix, String poolId, String taskId, String title, List<String> classes) {
        Path file(DataPaths paths, String stem) {
            return paths.set(set).resolve(stem + suffix);
        }

        ImageSet train(DataPaths paths) {
            return IdxReader.read(set + "-train", file(paths, "train-images-idx3-ubyte"),
                    file(paths, "train-labels-idx1-ubyte"), classes);
        }

        ImageSet test(DataPaths paths) {
            return IdxReader.read(set + "-t10k", file(paths, "t10k-images-idx3-ubyte"),
                    file(paths, "t10k-labels-idx1-ubyte"), classes);
        }
    }

    private static final Family MNIST = new Family("mnist", "", "P1", "D1", "MNIST digits",
            DigitsCsvReader.DIGIT_CLASSES);
    private static final Family FASHION = new Family("fashion", ".gz", "P2", "D2", "Fashion-MNIST clothing",
            FASHION_CLASSES);

    /** P1: MNIST training images outside D1's probe reserve. */
    public static PoolSource mnistPool() {
        return new Pool(MNIST);
    }

    /** D1: MNIST probe-train from the reserve, test from t10k. */
    public static TaskSource mnistTask() {
        return new Task(MNIST);
    }

    /** P2: Fashion-MNIST training images outside D2's probe reserve. */
    public static PoolSource fashionPool() {
        return new Pool(FASHION);
    }

    /** D2: Fashion-MNIST probe-train from the reserve, test from t10k. */
    public static TaskSource fashionTask() {
        return new Task(FASHION);
    }

    /** Indices of the fixed probe reserve of a training set: {@link #RESERVE_PER_CLASS} per class, sorted. */
    static int[] probeReserve(ImageSet train) {
        return Sampling.perClass(train.labels(), train.numClasses(), RESERVE_PER_CLASS,
                new Random(PARTITION_SEED));
    }

    /** Indices of the pool images for a seed and preset: a uniform draw from outside the reserve. */
    static int[] poolIndices(ImageSet train, Preset preset, long seed, String id) {
        int[] candidates = Sampling.complement(train.size(), probeReserve(train));
        return Sampling.choose(candidates, preset.poolPerDomain(), Sampling.rng(seed, id));
    }

    /** Indices of the probe-train images for a seed and preset: per class, drawn from the reserve. */
    static int[] probeTrainIndices(ImageSet train, Preset preset, long seed, String id) {
        return Sampling.perClass(probeReserve(train), train.labels(), train.numClasses(), preset.trainPerClass(),
                Sampling.rng(seed, id + "-train"));
    }

    private record Pool(Family family) implements PoolSource {
        @Override
        public String id() {
            return family.poolId();
        }

        @Override
        public String description() {
            return family.title() + ": training images not in " + family.taskId() + "'s probe reserve (labels for analysis)";
        }

        @Override
        public ImageSet load(DataPaths paths, Preset preset, long seed) {
            ImageSet train = family.train(paths);
            return train.subset(id(), poolIndices(train, preset, seed, id()));
        }
    }

    private record Task(Family family) implements TaskSource {
        @Override
        public String id() {
            return family.taskId();
        }

        @Override
        public String description() {
            return family.title() + ", 10 classes: probe-train per class from the training file (disjoint from "
                    + family.poolId() + "), test from t10k (stratified)";
        }

        @Override
        public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
            ImageSet train = family.train(paths);
            ImageSet test = family.test(paths);
            ImageSet probe = train.subset(id() + "-train", probeTrainIndices(train, preset, seed, id()));
            int[] testIdx = Sampling.stratified(test.labels(), test.numClasses(), preset.maxTest(),
                    Sampling.rng(seed, id() + "-test"));
            return DownstreamTask.single(id(), description(), probe, test.subset(id() + "-test", testIdx));
        }
    }
}
