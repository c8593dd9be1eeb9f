package org.sdrnet.data.catalog;

import org.sdrnet.data.ImageSet;

import java.nio.file.Path;

/**
 * Real files shared by the tests of this package, each read once per test JVM. When the data is missing,
 * {@link DataPaths#set} fails with a message that says to run scripts/fetch-data.sh.
 */
final class RealData {
    static final DataPaths PATHS = DataPaths.defaults();
    private static ImageSet mnistTrain;
    private static ImageSet fashionTrain;

    private RealData() {
    }

    static DataPaths paths() {
        return PATHS;
    }

    /** The directory of set {@code name}, or a failure telling how to fetch it. */
    static Path require(String name) {
        return PATHS.set(name);
    }

    static synchronized ImageSet mnistTrain() {
        if (mnistTrain == null) {
            Path d = PATHS.set("mnist");
            mnistTrain = IdxReader.read("mnist-train", d.resolve("train-images-idx3-ubyte"),
                    d.resolve("train-labels-idx1-ubyte"), DigitsCsvReader.DIGIT_CLASSES);
        }
        return mnistTrain;
    }

    static synchronized ImageSet fashionTrain() {
        if (fashionTrain == null) {
            Path d = PATHS.set("fashion");
            fashionTrain = IdxReader.read("fashion-train", d.resolve("train-images-idx3-ubyte.gz"),
                    d.resolve("train-labels-idx1-ubyte.gz"), MnistLikeSources.FASHION_CLASSES);
        }
        return fashionTrain;
    }
}
