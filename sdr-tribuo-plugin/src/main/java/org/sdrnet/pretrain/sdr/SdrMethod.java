package org.sdrnet.pretrain.sdr;

import ai.djl.ndarray.NDManager;
import org.sdrnet.data.Sampling;
import org.sdrnet.data.augment.TwoViewAugmenter;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.SdrSpec;
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.CosineSchedule;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.simsiam.ViewOptions;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sdr} method: SDRnet pretrained by data-aware progressive training with SiamKD (METHODS.md §1).
 * Level 0 trains the tied network on all data; its features are clustered into a tree of depth L; level ℓ then unties
 * stage ℓ and routes each sample through its clusters, distilling from the frozen level ℓ−1 model.
 * <p>
 * Run directory: {@code level-0/ … level-L/} (one resumable training run each, see {@link TrainingLoop}) and
 * {@code tree.json} (the cluster tree, written after level 0). A killed run resumes at its level and step.
 * The total epoch budget is split over the levels ({@link SdrSettings#epochsPerLevel}), so a unified baseline
 * with the same {@code --epochs} sees the same number of image-views.
 */
public final class SdrMethod implements PretrainMethod {
    public static final String NAME = "sdr";
    public static final String TREE_FILE = "tree.json";
    private static final Logger LOG = LoggerFactory.getLogger(SdrMethod.class);
    private final SdrSettings settings;

    /** ServiceLoader constructor: default settings (G = 4, 256 sub-nets on a 4-stage backbone). */
    public SdrMethod() {
        this(SdrSettings.defaults());
    }

    public SdrMethod(SdrSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Scalable Dynamic Routing: SDRnet with G^L sub-nets, data-aware progressive training with SiamKD";
    }

    /** Directory of level {@code level}'s training run. */
    public static Path levelDir(Path runDir, int level) {
        return runDir.resolve("level-" + level);
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("groups", "private groups per stage G; sub-nets = G^stages (default 4 -> 256)");
        o.put("levelEpochs", "epochs of levels 0..L, comma-separated (default: split --epochs, 40% on level 0)");
        o.put("siamKd", "SiamKD weight lambda; 0 turns distillation off (default 1)");
        o.put("minClusterSize", "smallest cluster the tree keeps (default 16)");
        o.put("schedule", "learning-rate schedule: per-level (a warm-up and a cosine per level, default) or global "
                + "(one warm-up and one cosine over all levels)");
        o.put("privateLr", "learning-rate factor of the private groups of untied stages, e.g. 4 (= G) for the share of "
                + "the batch a group sees (default 1)");
        o.put("treeDepth", "levels of the cluster tree (default 0: one per stage); fewer levels make later stages follow "
                + "the last level's group, e.g. 1 = experts mode: G sub-nets, each trained on one level-1 cluster");
        o.put("init", "split convolutions initialised over the fan-out of their part (default) or of the whole layer");
        o.putAll(ViewOptions.help());
        return o;
    }

    /** These settings with the request's options applied. */
    SdrSettings settingsFor(Request r) {
        checkOptions(r);
        SdrSettings s = settings;
        try {
            for (Map.Entry<String, String> e : r.options().entrySet()) {
                String v = e.getValue().trim();
                s = switch (e.getKey()) {
                    case "groups" -> s.withGroups(Integer.parseInt(v));
                    case "levelEpochs" -> s.withLevelEpochs(Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
                    case "siamKd" -> s.withSiamKdWeight(Float.parseFloat(v));
                    case "minClusterSize" -> s.withMinClusterSize(Integer.parseInt(v));
                    case "privateLr" -> s.withPrivateLrScale(Float.parseFloat(v));
                    case "treeDepth" -> s.withTreeDepth(Integer.parseInt(v));
                    case "init" -> switch (v) {
                        case "layer" -> s.withLayerFanOutInit(true);
                        case "part" -> s.withLayerFanOutInit(false);
                        default -> throw new IllegalArgumentException("method 'sdr': init must be part or layer, got '" + v + "'");
                    };
                    case "schedule" -> switch (v) {
                        case "global" -> s.withGlobalSchedule(true);
                        case "per-level" -> s.withGlobalSchedule(false);
                        default -> throw new IllegalArgumentException("method 'sdr': schedule must be per-level or global, got '" + v + "'");
                    };
                    default -> {
                        if (!ViewOptions.isViewOption(e.getKey())) {
                            throw new IllegalStateException(e.getKey());
                        }
                        yield s; // an augmentation option, read in trainLevel
                    }
                };
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method 'sdr': bad number in options " + r.options() + " (" + e.getMessage() + ")");
        }
        return s;
    }

    @Override
    public TrainingSummary pretrain(Request r) {
        SdrSettings s = settingsFor(r);
        RunDirectory.requireOnly(r.runDir(), NAME);
        return new SdrMethod(s).run(r);
    }

    private TrainingSummary run(Request r) {
        SdrSpec spec = SdrSpec.halves(r.backbone().asResNet("method '" + NAME + "'"), settings.groups());
        int stages = spec.numStages();
        int[] epochs = settings.epochsPerLevel(r.loop().epochs(), stages);
        if (!r.resume() && CheckpointStore.exists(levelDir(r.runDir(), 0).resolve(TrainingLoop.CHECKPOINT_DIR))) {
            throw new IllegalStateException("run directory " + r.runDir() + " already holds an SDR run; "
                    + "resume it (--resume) or choose another output directory");
        }
        LOG.info("SDR: {} ; epochs per level {}", spec, Arrays.toString(epochs));
        int[][] paths = null;
        long perEpoch = r.pool().size() / r.loop().batchSize();
        long totalSteps = perEpoch * Arrays.stream(epochs).sum();
        long stop = r.loop().stopAfterStep();
        long stepsBefore = 0;
        double seconds = 0;
        TrainingSummary last = null;
        for (int level = 0; level <= stages; level++) {
            long levelSteps = perEpoch * epochs[level];
            if (stop > 0 && stop <= stepsBefore) {
                break;
            }
            if (level == 1) {
                paths = clusterTree(spec, r).networkPaths(stages);
            }
            // a global stop (a simulated kill in tests) falls inside this level, or not at all
            long levelStop = stop > 0 && stop - stepsBefore < levelSteps ? stop - stepsBefore : 0;
            LoopSettings loop = r.loop().withEpochs(epochs[level]).withSeed(Sampling.mix(r.loop().seed(), level))
                    .withStopAfterStep(levelStop);
            if (level > 0) {
                loop = loop.withBaseLr(r.loop().baseLr() * settings.refineLrScale());
            }
            CosineSchedule schedule = settings.globalSchedule()
                    ? new CosineSchedule(loop.baseLr() * loop.batchSize() / 256f, r.loop().warmupEpochs() * perEpoch, totalSteps, stepsBefore)
                    : null;
            last = trainLevel(spec, level, epochs, paths, loop, schedule, r);
            seconds += last.seconds();
            if (!last.finished()) {
                return new TrainingSummary(stepsBefore + last.globalStep(), totalSteps, false, seconds,
                        last.imagesPerSecond(), last.lastLoss(), last.checkpoint());
            }
            stepsBefore += levelSteps;
        }
        return new TrainingSummary(Math.min(stepsBefore, totalSteps), totalSteps, stepsBefore >= totalSteps, seconds,
                last == null ? 0 : last.imagesPerSecond(), last == null ? Float.NaN : last.lastLoss(),
                last == null ? null : last.checkpoint());
    }

    /** One level's training run; under {@code schedule} when all levels share one, else under the loop's own. */
    private TrainingSummary trainLevel(SdrSpec spec, int level, int[] epochs, int[][] paths, LoopSettings loop,
                                       CosineSchedule schedule, Request r) {
        TwoViewAugmenter augmenter = ViewOptions.augmenter(r.options());
        Path dir = levelDir(r.runDir(), level);
        Map<String, Object> recorded = recordedSettings(spec, level, epochs, augmenter);
        try (NDManager manager = NDManager.newBaseManager(r.device())) {
            SdrNetwork student = new SdrNetwork(spec, settings.heads(), settings.layerFanOutInit());
            student.initialize(manager, loop.seed());
            SdrNetwork teacher = null;
            if (level > 0) {
                Path previous = levelDir(r.runDir(), level - 1).resolve(TrainingLoop.CHECKPOINT_DIR);
                loadFinished(student, previous, manager);
                student.net.untie(level - 1);
                if (settings.siamKdWeight() > 0) {
                    teacher = new SdrNetwork(spec, settings.heads(), settings.layerFanOutInit());
                    teacher.initialize(manager, loop.seed());
                    loadFinished(teacher, previous, manager);
                    teacher.freeze();
                }
            }
            SdrObjective objective = new SdrObjective(student, teacher, level, paths, settings.siamKdWeight(), r.pool(),
                    augmenter, recorded, level > 0 ? settings.privateLrScale() : 1f);
            boolean resume = CheckpointStore.exists(dir.resolve(TrainingLoop.CHECKPOINT_DIR));
            TrainingLoop trainingLoop = new TrainingLoop(objective, r.pool(), loop, r.device());
            return (schedule == null ? trainingLoop : trainingLoop.withSchedule(schedule)).run(dir, resume, manager);
        }
    }

    private static void loadFinished(SdrNetwork net, Path checkpoint, NDManager manager) {
        if (!CheckpointStore.manifest(checkpoint).progress().finished()) {
            throw new IllegalStateException("level checkpoint " + checkpoint + " is not finished; cannot start the next level");
        }
        try (NDManager tmp = manager.newSubManager()) {
            Weights.load(net.namedParameters(), CheckpointStore.tensors(checkpoint, CheckpointStore.MODEL, tmp), checkpoint.toString());
        }
    }

    private Map<String, Object> recordedSettings(SdrSpec spec, int level, int[] epochs, TwoViewAugmenter augmenter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sdrSpec", spec);
        m.put("level", level);
        m.put("epochsPerLevel", epochs);
        m.put("siamKdWeight", (double) settings.siamKdWeight());
        m.put("minClusterSize", settings.minClusterSize());
        m.put("kmeansIterations", settings.kmeansIterations());
        m.put("kmeansRestarts", TreeSettings.DEFAULT_RESTARTS);
        m.put("heads", settings.heads());
        m.put("augmentation", augmenter.toString());
        if (settings.globalSchedule()) {
            m.put("schedule", "global"); // recorded only when set, so runs from before the setting still resume
        }
        if (settings.layerFanOutInit()) {
            m.put("init", "layer");
        }
        if (settings.privateLrScale() != 1f) {
            m.put("privateLr", (double) settings.privateLrScale());
        }
        if (settings.treeDepth() != 0) {
            m.put("treeDepth", settings.treeDepth());
        }
        return m;
    }

    /** {@link ClusterFiles} beside the tree, and the purity of each level in the log when the pool's domains are known. */
    private static void writeReport(ClusterTree tree, float[][] features, Request r) {
        ClusterFiles.write(r.runDir(), tree, features, r.pool(), r.loop().seed()).ifPresent(a -> {
            for (int l = 1; l <= tree.depth(); l++) {
                LOG.info("SDR: level-{} clusters split the pool's labels with purity {}", l, String.format("%.3f", a.report().purity(l)));
            }
            LOG.info("SDR: same-domain share of the {} nearest neighbours, per domain: {}", DomainSeparability.DEFAULT_NEIGHBOURS,
                    Arrays.toString(Arrays.stream(a.separability().neighbourAgreement()).mapToObj(v -> String.format("%.3f", v)).toArray()));
        });
    }

    /** The cluster tree of this run: read from {@code tree.json}, or built from the level-0 model's features. */
    private ClusterTree clusterTree(SdrSpec spec, Request r) {
        Path file = r.runDir().resolve(TREE_FILE);
        if (Files.exists(file)) {
            ClusterTree tree = ClusterTree.read(file);
            if (tree.size() != r.pool().size()) {
                throw new IllegalArgumentException("cluster tree " + file + " covers " + tree.size() + " images, the pool has "
                        + r.pool().size());
            }
            int depth = settings.treeSettings(spec.numStages(), r.loop().seed()).depth();
            if (tree.depth() != depth) {
                throw new IllegalArgumentException("cluster tree " + file + " has " + tree.depth() + " level(s), these settings "
                        + "need " + depth + " (treeDepth changed since the run started?)");
            }
            return tree;
        }
        Path level0 = levelDir(r.runDir(), 0).resolve(TrainingLoop.CHECKPOINT_DIR);
        Backbone tied = SdrRun.subnet(level0, spec, new int[spec.numStages()]);
        float[][] features;
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(tied, r.device())) {
            features = fx.features(r.pool());
        }
        ClusterTree tree = ClusterTree.build(features, settings.treeSettings(spec.numStages(), r.loop().seed()));
        tree.write(file);
        LOG.info("SDR: cluster tree with {} non-empty leaves of {} written to {}", tree.numNonEmptyLeaves(), tree.numLeaves(), file);
        writeReport(tree, features, r);
        return tree;
    }
}
