package org.sdrnet.data.catalog;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;

import java.util.Random;

/**
 * D5: scikit-learn's 8×8 digits (DIGITS8, 1,797 images) upsampled to MNIST's digit size, split stratified
 * 50/50 with a <b>fixed</b> seed as DATA.md prescribes, so every run and preset evaluates on the same split
 * (the set is small and always used whole).
 */
public final class DigitsSource implements TaskSource {
    /** The fixed seed of the 50/50 split; the run's seed does not change it. */
    static final long SPLIT_SEED = 5L;

    @Override
    public String id() {
        return "D5";
    }

    @Override
    public String description() {
        return "DIGITS8 8x8 digits upsampled to 28 and padded to 32, 10 classes, stratified 50/50 (fixed seed)";
    }

    @Override
    public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
        ImageSet all = DigitsCsvReader.read("digits8", paths.set("digits8").resolve("digits.csv.gz"));
        int[][] split = Sampling.stratifiedSplit(all.labels(), all.numClasses(), 0.5, new Random(SPLIT_SEED));
        return DownstreamTask.single(id(), description(), all.subset("D5-train", split[0]), all.subset("D5-test", split[1]));
    }
}
