package org.sdrnet.route;

import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BatchNormRecalibration;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.sdr.ClusterTree;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TransferScore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * SDR routing (Liu et al., "Task-customized Self-supervised Pre-training with Scalable Dynamic Routing", AAAI 2022;
 * METHODS.md §1 item 7): picks, for a labeled downstream task, the sub-network of a finished SDR run (or the unified
 * model) whose frozen features transfer best.
 * <ol>
 * <li><b>Prior.</b> The task's training images go through the run's level-0 network (the feature space of the cluster
 *     tree); each votes for its leaf; the M most-voted non-empty leaves are shortlisted ({@link LeafPrior}).</li>
 * <li><b>Score.</b> Each shortlisted sub-net, and the unified model when one is given, computes features of the
 *     training images and is scored by the {@link TransferScore} named in the settings, all with the same seed.</li>
 * <li><b>Choose.</b> The highest score wins. Ties go to the unified model (the conservative choice: it needs no
 *     routing to reproduce), then to the lower leaf id; a NaN score never wins [our choice]. With a
 *     {@link RoutingSettings#margin() margin}, a sub-net must beat the unified model's score by at least the margin.</li>
 * </ol>
 * The router receives the task's <b>training</b> images only: the test split is not a parameter, so routing cannot
 * see it. The result is a function of the run, the unified model, the images and the settings (deterministic for a
 * seed on one device); only the timings vary. Every image passed through a network is counted: for T training images
 * and C candidates, (C + 1) × T.
 */
public final class Router {
    /** Fewest pool images a cluster needs for its sub-net's BatchNorm recalibration; smaller ones use their parent's [our choice]. */
    public static final int MIN_CLUSTER_IMAGES = 256;

    private final RoutingSettings settings;
    private final TransferScore score;

    /** A router with the score named in {@code settings}; an unknown name is an error listing the available ones. */
    public Router(RoutingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.score = Services.find(TransferScore.class, settings.score());
    }

    /** A router with {@link RoutingSettings#defaults()}. */
    public static Router defaults() {
        return new Router(RoutingSettings.defaults());
    }

    public RoutingSettings settings() {
        return settings;
    }

    /**
     * Routes task {@code taskId} among the sub-nets of {@code run} and {@code unified}, with the trained BatchNorm
     * statistics ({@link RoutingSettings#recalibrateBn()} must be off; see {@link #route(String, SdrRun, Backbone,
     * ImageSet, ImageSet)}).
     */
    public RoutingOutcome route(String taskId, SdrRun run, Backbone unified, ImageSet train) {
        return route(taskId, run, unified, train, null);
    }

    /**
     * Routes task {@code taskId} among the sub-nets of {@code run} and {@code unified}.
     *
     * @param taskId  name of the task, for the report
     * @param run     a finished SDR run
     * @param unified the unified baseline backbone, or null to choose among sub-nets only
     * @param train   the task's labeled training images (never its test images)
     * @param pool    the images {@code run} was pretrained on, needed when {@link RoutingSettings#recalibrateBn()} is on
     *                (each sub-net's statistics are re-estimated on its cluster's images, at least
     *                {@value #MIN_CLUSTER_IMAGES}, and the unified model's on the whole pool); ignored otherwise
     * @throws IllegalArgumentException on unlabeled, empty or single-class images, or images of the wrong size; a
     *                                  missing or foreign pool when recalibration is on
     */
    public RoutingOutcome route(String taskId, SdrRun run, Backbone unified, ImageSet train, ImageSet pool) {
        Objects.requireNonNull(run, "run");
        checkTrain(taskId, run, unified, train);
        if (settings.recalibrateBn() && pool == null) {
            throw new IllegalArgumentException("routing task '" + taskId + "' with BatchNorm recalibration needs the pool "
                    + "the SDR run was trained on");
        }
        long start = System.nanoTime();
        int[] labels = train.labels();
        long[] processed = {0};

        Backbone level0 = run.level0();
        ClusterTree tree = run.tree();
        LeafPrior prior = LeafPrior.of(tree, features(level0, train, processed));
        double priorSeconds = seconds(start);

        List<RoutingReport.Candidate> candidates = new ArrayList<>();
        for (int leaf : prior.shortlist(settings.shortlist())) {
            long t = System.nanoTime();
            int[] path = tree.leafPath(leaf);
            TransferScore.Scored s = scoreOf(subnet(run, path, pool), train, labels, processed);
            candidates.add(RoutingReport.Candidate.leaf(leaf, path, prior.votes(leaf), prior.poolImages(leaf), s.score(),
                    s.folds(), seconds(t)));
        }
        if (unified != null) {
            long t = System.nanoTime();
            TransferScore.Scored s = scoreOf(unified(unified, pool), train, labels, processed);
            candidates.add(RoutingReport.Candidate.unified(s.score(), s.folds(), seconds(t)));
        }
        RoutingReport.Candidate best = choose(candidates, settings.margin());
        RoutingReport report = new RoutingReport(taskId, score.name(), settings.seed(), train.size(), train.numClasses(),
                train.fingerprint(), settings.shortlist(), prior.nonEmptyLeaves(), candidates, best.name(), priorSeconds,
                seconds(start), processed[0], settings.margin(), settings.recalibrateBn());
        Backbone chosen = best.isUnified() ? unified(unified, pool) : subnet(run, best.pathArray(), pool); // deterministic
        return new RoutingOutcome(report, report.annotate(chosen));
    }

    /** The sub-net on {@code path}, with BatchNorm statistics of its cluster's pool images when the settings ask. */
    private Backbone subnet(SdrRun run, int[] path, ImageSet pool) {
        Backbone net = run.subnet(path);
        return settings.recalibrateBn() ? BatchNormRecalibration.recalibrate(net,
                run.clusterImages(path, pool, MIN_CLUSTER_IMAGES), settings.device(), settings.seed()) : net;
    }

    /** The unified model, with BatchNorm statistics of the whole pool when the settings ask. */
    private Backbone unified(Backbone unified, ImageSet pool) {
        return settings.recalibrateBn() ? BatchNormRecalibration.recalibrate(unified, pool, settings.device(), settings.seed())
                : unified;
    }

    /**
     * The winner: highest score; on equal scores the unified model, then the lower leaf id. NaN ranks below every
     * number.
     */
    static RoutingReport.Candidate choose(List<RoutingReport.Candidate> candidates) {
        RoutingReport.Candidate best = null;
        for (RoutingReport.Candidate c : candidates) {
            if (best == null || better(c, best)) {
                best = c;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("routing has no candidate to choose from");
        }
        return best;
    }

    /**
     * {@link #choose(List)}, then the conservative rule: a winning sub-net is kept only when it beats the unified model
     * by at least {@code margin} (a unified model without a score does not hold it back). When both carry fold scores
     * on the same folds, the gain is judged fold by fold: the mean paired gain minus one standard error of it must
     * reach the margin, so a gain that the folds do not agree on keeps the unified model; otherwise the plain score
     * difference must reach it.
     */
    static RoutingReport.Candidate choose(List<RoutingReport.Candidate> candidates, double margin) {
        RoutingReport.Candidate best = choose(candidates);
        if (margin > 0 && !best.isUnified()) {
            for (RoutingReport.Candidate c : candidates) {
                if (c.isUnified() && !Double.isNaN(c.score()) && !(gain(best, c) >= margin)) {
                    return c;
                }
            }
        }
        return best;
    }

    /**
     * The gain of {@code subnet} over {@code unified} that the margin is compared with: the paired fold-wise lower
     * bound (mean − standard error of the per-fold differences) when both have the same number (≥ 2) of fold scores,
     * else the score difference.
     */
    static double gain(RoutingReport.Candidate subnet, RoutingReport.Candidate unified) {
        double[] a = subnet.foldArray();
        double[] b = unified.foldArray();
        if (a.length < 2 || a.length != b.length) {
            return subnet.score() - unified.score();
        }
        int k = a.length;
        double mean = 0;
        for (int f = 0; f < k; f++) {
            mean += (a[f] - b[f]) / k;
        }
        double ss = 0;
        for (int f = 0; f < k; f++) {
            double d = a[f] - b[f] - mean;
            ss += d * d;
        }
        return mean - Math.sqrt(ss / (k - 1) / k);
    }

    private static boolean better(RoutingReport.Candidate c, RoutingReport.Candidate best) {
        double a = Double.isNaN(c.score()) ? Double.NEGATIVE_INFINITY : c.score();
        double b = Double.isNaN(best.score()) ? Double.NEGATIVE_INFINITY : best.score();
        if (a != b) {
            return a > b;
        }
        if (c.isUnified() != best.isUnified()) {
            return c.isUnified();
        }
        return !c.isUnified() && c.leafId() < best.leafId();
    }

    private TransferScore.Scored scoreOf(Backbone backbone, ImageSet train, int[] labels, long[] processed) {
        return score.scoreWithFolds(features(backbone, train, processed), labels, train.numClasses(), settings.seed());
    }

    private float[][] features(Backbone backbone, ImageSet images, long[] processed) {
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, settings.device())) {
            float[][] f = fx.features(images);
            processed[0] += images.size();
            return f;
        }
    }

    private static void checkTrain(String taskId, SdrRun run, Backbone unified, ImageSet train) {
        if (train == null) {
            throw new IllegalArgumentException("routing task '" + taskId + "' needs its training images");
        }
        if (!train.isLabeled() || train.isEmpty()) {
            throw new IllegalArgumentException("routing task '" + taskId + "': training images '" + train.name()
                    + "' must be labeled and non-empty (" + train.size() + " images, "
                    + (train.isLabeled() ? "labeled" : "unlabeled") + ")");
        }
        int[] histogram = train.classHistogram();
        long present = Arrays.stream(histogram).filter(c -> c > 0).count();
        if (present < 2) {
            throw new IllegalArgumentException("routing task '" + taskId + "': training images '" + train.name()
                    + "' hold " + present + " class(es); routing needs at least 2");
        }
        for (int c = 0; c < histogram.length; c++) {
            if (histogram[c] == 1) {
                throw new IllegalArgumentException("routing task '" + taskId + "': class '" + train.classNames().get(c)
                        + "' has 1 training image; routing scores are cross-validated and need at least 2 per class "
                        + "(an image alone in its class is never predicted from the other folds, so every candidate "
                        + "would score by chance)");
            }
        }
        int size = run.spec().subnetSpec().imageSize();
        if (train.imageSize() != size) {
            throw new IllegalArgumentException("routing task '" + taskId + "': training images are " + train.imageSize()
                    + " px, the SDR run's networks expect " + size + " px");
        }
        if (unified != null && unified.spec().imageSize() != size) {
            throw new IllegalArgumentException("unified backbone expects " + unified.spec().imageSize()
                    + " px images, the SDR run's networks " + size + " px");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public String toString() {
        return "Router[" + settings.score() + ", M=" + settings.shortlist() + ", seed=" + settings.seed() + "]";
    }
}
