package org.sdrnet.pretrain.sdr;

import org.sdrnet.pretrain.simsiam.SimSiamSettings;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Settings of SDR pretraining (METHODS.md §1; every value [our choice]).
 *
 * @param groups          private groups per stage G (sub-nets = G^stages; 4 over 4 stages = 256)
 * @param level0Fraction  share of the epoch budget spent on level 0 (all data, tied); the rest is split evenly over
 *                        levels 1…L
 * @param levelEpochs     explicit epochs per level (L+1 values) overriding the split, or null
 * @param siamKdWeight    λ of SiamKD; 0 turns distillation off
 * @param minClusterSize  smallest cluster the tree keeps
 * @param kmeansIterations k-means iterations per tree node
 * @param heads           projector / predictor sizes (shared by all sub-nets)
 * @param refineLrScale   learning-rate factor of levels 1…L against level 0 (0.5: a full-rate level 1 diverged to NaN
 *                        on the small pool, see docs/results.md)
 * @param globalSchedule  one warm-up and one cosine over all levels' steps (level ℓ continues the curve where level
 *                        ℓ−1 stopped; only level 0 warms up), instead of a warm-up and a cosine per level (the default
 *                        so far: a short last level then ends at its peak rate); issue 12 measures both
 * @param layerFanOutInit initialise each part of a split convolution over the whole layer's fan-out (as the unified
 *                        network of the same widths starts) instead of its own, which starts it √(layer/part) larger
 * @param privateLrScale  learning-rate factor of the private groups of the untied stages in levels 1…L: a group's
 *                        gradient comes from its share of the batch only (about 1/G), so G gives it a shared
 *                        parameter's step; 1 = none
 * @param treeDepth       levels of the cluster tree; 0 = one per stage (the paper's tree, G^L sub-nets). With fewer
 *                        levels d, the stages after the d-th use the group of the last tree level, so a group index
 *                        means the same subset of the pool at every untied stage: {@code treeDepth = 1} is the
 *                        "experts" mode of issue 12 (G sub-nets, each trained on one level-1 cluster at every stage)
 */
public record SdrSettings(int groups, double level0Fraction, int[] levelEpochs, float siamKdWeight, int minClusterSize,
                          int kmeansIterations, SimSiamSettings heads, float refineLrScale, boolean globalSchedule,
                          boolean layerFanOutInit, float privateLrScale, int treeDepth) {

    public SdrSettings {
        if (groups < 1) {
            throw new IllegalArgumentException("SDR needs at least one group per stage, got " + groups);
        }
        if (level0Fraction <= 0 || level0Fraction >= 1) {
            throw new IllegalArgumentException("level-0 share of the budget must be in (0, 1), got " + level0Fraction);
        }
        if (siamKdWeight < 0) {
            throw new IllegalArgumentException("SiamKD weight must be non-negative, got " + siamKdWeight);
        }
        if (refineLrScale <= 0) {
            throw new IllegalArgumentException("learning-rate factor of levels 1..L must be positive, got " + refineLrScale);
        }
        if (!(privateLrScale > 0) || Float.isInfinite(privateLrScale)) {
            throw new IllegalArgumentException("private-group learning-rate factor must be a positive number, got " + privateLrScale);
        }
        if (treeDepth < 0) {
            throw new IllegalArgumentException("cluster tree depth must be >= 0 (0: one level per stage), got " + treeDepth);
        }
        levelEpochs = levelEpochs == null ? null : levelEpochs.clone();
    }

    public static SdrSettings defaults() {
        return new SdrSettings(4, 0.4, null, 1f, 16, 50, SimSiamSettings.defaults(), 0.5f, false, false, 1f, 0);
    }

    public SdrSettings withGroups(int g) {
        return with(c -> c.groups = g);
    }

    public SdrSettings withLevelEpochs(int... e) {
        return with(c -> c.levelEpochs = e);
    }

    public SdrSettings withSiamKdWeight(float w) {
        return with(c -> c.siamKdWeight = w);
    }

    public SdrSettings withMinClusterSize(int m) {
        return with(c -> c.minClusterSize = m);
    }

    public SdrSettings withRefineLrScale(float f) {
        return with(c -> c.refineLrScale = f);
    }

    public SdrSettings withGlobalSchedule(boolean g) {
        return with(c -> c.globalSchedule = g);
    }

    public SdrSettings withLayerFanOutInit(boolean l) {
        return with(c -> c.layerFanOutInit = l);
    }

    public SdrSettings withPrivateLrScale(float f) {
        return with(c -> c.privateLrScale = f);
    }

    public SdrSettings withTreeDepth(int d) {
        return with(c -> c.treeDepth = d);
    }

    public SdrSettings withHeads(SimSiamSettings h) {
        return with(c -> c.heads = h);
    }

    /**
     * Epochs of levels 0…L: {@link #levelEpochs} when given, else {@code totalEpochs} split with
     * {@link #level0Fraction} on level 0 and the rest evenly (at least one epoch each). The sum is the budget a
     * fair unified baseline gets.
     */
    public int[] epochsPerLevel(int totalEpochs, int stages) {
        if (levelEpochs != null) {
            if (levelEpochs.length != stages + 1 || Arrays.stream(levelEpochs).anyMatch(e -> e <= 0)) {
                throw new IllegalArgumentException("level epochs " + Arrays.toString(levelEpochs) + " need " + (stages + 1)
                        + " positive values (level 0 and one per stage)");
            }
            return levelEpochs.clone();
        }
        if (totalEpochs < stages + 1) {
            throw new IllegalArgumentException("SDR needs at least " + (stages + 1) + " epochs (one per level), got " + totalEpochs);
        }
        int[] e = new int[stages + 1];
        e[0] = Math.max(1, (int) Math.round(totalEpochs * level0Fraction));
        e[0] = Math.min(e[0], totalEpochs - stages);
        int rest = totalEpochs - e[0];
        for (int l = 1; l <= stages; l++) {
            e[l] = rest / stages + (l <= rest % stages ? 1 : 0);
        }
        return e;
    }

    /** The cluster tree of an SDR run over {@code stages} stages whose loop seed is {@code runSeed}. */
    public TreeSettings treeSettings(int stages, long runSeed) {
        int depth = treeDepth == 0 ? stages : Math.min(treeDepth, stages);
        return new TreeSettings(groups, depth, minClusterSize, kmeansIterations, org.sdrnet.data.Sampling.mix(runSeed, 0x7EEL));
    }

    @Override
    public int[] levelEpochs() {
        return levelEpochs == null ? null : levelEpochs.clone();
    }

    /** A copy with one change: the with-methods above name the change, this makes the copy. */
    private SdrSettings with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new SdrSettings(f.groups, f.level0Fraction, f.levelEpochs, f.siamKdWeight, f.minClusterSize, f.kmeansIterations,
                f.heads, f.refineLrScale, f.globalSchedule, f.layerFanOutInit, f.privateLrScale, f.treeDepth);
    }

    /** The components, mutable, for {@link #with}. */
    private static final class Fields {
        int groups;
        double level0Fraction;
        int[] levelEpochs;
        float siamKdWeight;
        int minClusterSize;
        int kmeansIterations;
        SimSiamSettings heads;
        float refineLrScale;
        boolean globalSchedule;
        boolean layerFanOutInit;
        float privateLrScale;
        int treeDepth;

        Fields(SdrSettings s) {
            groups = s.groups;
            level0Fraction = s.level0Fraction;
            levelEpochs = s.levelEpochs;
            siamKdWeight = s.siamKdWeight;
            minClusterSize = s.minClusterSize;
            kmeansIterations = s.kmeansIterations;
            heads = s.heads;
            refineLrScale = s.refineLrScale;
            globalSchedule = s.globalSchedule;
            layerFanOutInit = s.layerFanOutInit;
            privateLrScale = s.privateLrScale;
            treeDepth = s.treeDepth;
        }
    }
}
