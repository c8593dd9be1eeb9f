package org.sdrnet.pretrain.trex;

import ai.djl.ndarray.NDManager;
import org.sdrnet.data.augment.MultiCropAugmenter;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code trex} method (Sariyildiz et al., ICLR 2023; METHODS.md §4): supervised pretraining on a labelled pool that
 * transfers, by multi-crop, an expendable projector and class prototypes from a memory bank filled by an EMA copy
 * ({@link TrexObjective}). The baselines are the setting {@code classifier}: {@code linear}, {@code cosine}.
 * <p>
 * Run directory: {@code checkpoint/} (student, EMA copy, memory bank, optimizer state) and {@code train-log.jsonl},
 * written and resumed by the shared {@link TrainingLoop}; the checkpoint's {@code backbone.*} is the trained backbone.
 */
public final class TrexMethod implements PretrainMethod {
    public static final String NAME = "trex";
    private final TrexSettings settings;

    /** ServiceLoader constructor: METHODS.md §4's defaults. */
    public TrexMethod() {
        this(TrexSettings.defaults());
    }

    public TrexMethod(TrexSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "t-ReX: supervised pretraining on a labelled pool (multi-crop, projector, memory-bank prototypes) that transfers";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(TrexSettings.CLASSIFIER, "prototypes (t-ReX, default), linear (plain cross-entropy, no projector) or cosine (learned)");
        o.put(TrexSettings.PROJECTOR_DEPTH, "h, the projector's Linear-BN-GELU blocks; 0 = none (default 3)");
        o.put(TrexSettings.PROJECTOR_HIDDEN, "projector hidden width (default 512)");
        o.put(TrexSettings.PROJECTION_DIM, "projector output width (default 128)");
        o.put(TrexSettings.TEMPERATURE, "τ of the cosine softmax (default 0.1)");
        o.put(TrexSettings.MEMORY_SIZE, "rows of the memory bank, or auto = 8 per class, at least one batch (default auto)");
        o.put(TrexSettings.EMA_MOMENTUM, "momentum of the EMA copy that fills the memory, in (0, 1) (default 0.999)");
        o.put(TrexSettings.LOCAL_CROPS, "local crops per image besides the one global crop (default 4)");
        o.put(TrexSettings.LOCAL_SIZE, "side of a local crop in pixels (default 16; the global crop is the image size)");
        o.put(TrexSettings.GLOBAL_SCALE, "MIN,MAX area fraction of the global crop (default 0.25,1)");
        o.put(TrexSettings.LOCAL_SCALE, "MIN,MAX area fraction of a local crop (default 0.05,0.25)");
        return o;
    }

    /** These settings with the request's options applied; an unknown option or a bad value is an error naming it. */
    TrexSettings settingsFor(Request r) {
        checkOptions(r);
        TrexSettings s = settings;
        for (Map.Entry<String, String> e : r.options().entrySet()) {
            String v = e.getValue().trim();
            try {
                s = switch (e.getKey()) {
                    case TrexSettings.CLASSIFIER -> s.withClassifier(TrexSettings.Classifier.parse(v));
                    case TrexSettings.PROJECTOR_DEPTH -> s.withProjectorDepth(Integer.parseInt(v));
                    case TrexSettings.PROJECTOR_HIDDEN -> s.withProjector(Integer.parseInt(v), s.projectionDim());
                    case TrexSettings.PROJECTION_DIM -> s.withProjector(s.projectorHidden(), Integer.parseInt(v));
                    case TrexSettings.TEMPERATURE -> s.withTemperature(Float.parseFloat(v));
                    case TrexSettings.MEMORY_SIZE -> s.withMemorySize(v.equalsIgnoreCase("auto") ? TrexSettings.AUTO_MEMORY
                            : positive(e.getKey(), Integer.parseInt(v)));
                    case TrexSettings.EMA_MOMENTUM -> s.withEmaMomentum(Float.parseFloat(v));
                    case TrexSettings.LOCAL_CROPS -> s.withLocalCrops(Integer.parseInt(v));
                    case TrexSettings.LOCAL_SIZE -> s.withCrops(s.crops().withLocalSize(Integer.parseInt(v)));
                    case TrexSettings.GLOBAL_SCALE -> {
                        double[] mm = range(e.getKey(), v);
                        yield s.withCrops(s.crops().withGlobalScale(mm[0], mm[1]));
                    }
                    case TrexSettings.LOCAL_SCALE -> {
                        double[] mm = range(e.getKey(), v);
                        yield s.withCrops(s.crops().withLocalScale(mm[0], mm[1]));
                    }
                    default -> throw new IllegalStateException("unhandled trex option " + e.getKey());
                };
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("method 'trex': option " + e.getKey() + " = '" + v + "' is not a number");
            }
        }
        return s;
    }

    /** An explicit memory size must be ≥ 1 (0 would read as auto). */
    private static int positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("trex setting '" + key + "' must be ≥ 1, or auto, got " + v);
        }
        return v;
    }

    /** {@code MIN,MAX} as two numbers; the range itself is checked by {@link TrexSettings.Crops}. */
    private static double[] range(String key, String v) {
        String[] parts = v.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("method 'trex': option " + key + " = '" + v + "' must be MIN,MAX, e.g. 0.05,0.25");
        }
        return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public TrainingSummary pretrain(Request r) {
        TrexSettings s = settingsFor(r);
        if (!r.pool().isLabeled()) {
            throw new IllegalArgumentException("method 'trex' needs a labelled pool (one sub-folder per class); '"
                    + r.pool().name() + "' has no labels");
        }
        if (r.pool().numClasses() < 2) {
            throw new IllegalArgumentException("method 'trex' needs at least two classes; pool '" + r.pool().name()
                    + "' has one (" + String.join("", r.pool().classNames()) + ")");
        }
        int memoryRows = s.memoryRows(r.pool().numClasses(), r.loop().batchSize());
        if (s.usesMemory() && memoryRows < r.loop().batchSize()) {
            throw new IllegalArgumentException("trex setting '" + TrexSettings.MEMORY_SIZE + "' (" + memoryRows
                    + ") must be at least the batch size " + r.loop().batchSize());
        }
        RunDirectory.requireOnly(r.runDir(), NAME);
        int classes = r.pool().numClasses();
        try (NDManager manager = NDManager.newBaseManager(r.device())) {
            long seed = r.loop().seed();
            TrexNetwork student = new TrexNetwork(r.backbone().asResNet("method '" + NAME + "'"), s);
            student.initialize(manager, seed);
            LearnedClassifier classifier = switch (s.classifier()) {
                case PROTOTYPES -> null;
                case LINEAR -> LearnedClassifier.linear(student.embeddingDim(), classes);
                case COSINE -> LearnedClassifier.cosine(student.embeddingDim(), classes, s.temperature());
            };
            if (classifier != null) {
                classifier.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                        new ai.djl.ndarray.types.Shape(2, student.embeddingDim()));
            }
            EmaCopy ema = s.usesMemory() ? EmaCopy.of(student, s, manager) : null;
            MemoryBank memory = s.usesMemory() ? MemoryBank.random(memoryRows, student.embeddingDim(), classes, seed, manager) : null;
            MultiCropAugmenter augmenter = s.crops().augmenter(r.backbone().imageSize());
            TrexObjective objective = new TrexObjective(student, classifier, ema, memory, s, r.pool(), augmenter);
            return new TrainingLoop(objective, r.pool(), r.loop(), r.device()).run(r.runDir(), r.resume(), manager);
        }
    }
}
