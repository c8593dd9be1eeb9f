package org.sdrnet.pretrain.mae;

import ai.djl.ndarray.NDManager;
import org.sdrnet.data.augment.MultiCropAugmenter;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.data.augment.ViewAugmentation;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code mae} method (He et al., "Masked Autoencoders Are Scalable Vision Learners", CVPR 2022; METHODS.md §3, the
 * base model of TEC): a Vision Transformer learns to reconstruct the normalised pixels of randomly masked patches from
 * the visible ones ({@link MaeObjective}). Needs a ViT backbone ({@code --backbone vit-tiny}).
 * <p>
 * Optimiser: AdamW (the paper's: β 0.9/0.95, weight decay 0.05) or the loop's SGD ({@code -o optimizer=sgd}); the learning
 * rate at batch 256, warm-up, cosine schedule and clipping are the loop's settings either way, so an AdamW run wants an
 * AdamW-sized {@code --lr}. Run directory: {@code checkpoint/} (encoder
 * {@code backbone.*}, decoder {@code decoder.*}, optimizer state) and {@code train-log.jsonl}; export and feature
 * extraction take the {@code backbone.*} part, a plain ViT.
 */
public final class MaeMethod implements PretrainMethod {
    public static final String NAME = "mae";
    /** Learning rates (at batch 256) above this are meant for SGD: an AdamW run with one gets a warning. */
    public static final float ADAMW_LR_WARNING = 0.01f;
    private static final Logger LOG = LoggerFactory.getLogger(MaeMethod.class);
    private final MaeSettings settings;

    /** ServiceLoader constructor: the defaults of {@link MaeSettings}. */
    public MaeMethod() {
        this(MaeSettings.defaults());
    }

    public MaeMethod(MaeSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MAE: a Vision Transformer reconstructs the normalised pixels of masked patches (needs --backbone vit-tiny)";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(MaeSettings.MASK_RATIO, "fraction of patches masked per image, in (0, 1) (default 0.75)");
        o.put(MaeSettings.DECODER_DEPTH, "decoder transformer blocks (default 2)");
        o.put(MaeSettings.DECODER_DIM, "decoder token width (default 128)");
        o.put(MaeSettings.DECODER_HEADS, "decoder attention heads, dividing the decoder width (default 4)");
        o.put(MaeSettings.DECODER_MLP_RATIO, "decoder MLP width over its token width (default 4)");
        o.put(MaeSettings.NORM_PIX_LOSS, "normalise each target patch by its mean and variance: true or false (default true)");
        o.put(MaeSettings.CROP_SCALE_MIN, "smallest area fraction of the random resized crop (default 0.2)");
        o.put(MaeSettings.OPTIMIZER, "adamw (the paper's; --lr then defaults to 1.5e-3) or sgd (--lr defaults to 0.8) (default adamw)");
        o.put(MaeSettings.ADAM_BETA1, "AdamW's beta1 (default 0.9)");
        o.put(MaeSettings.ADAM_BETA2, "AdamW's beta2 (default 0.95)");
        o.put(MaeSettings.ADAM_WEIGHT_DECAY, "AdamW's decoupled weight decay (default 0.05)");
        o.put(MaeSettings.INIT, "an mae run or checkpoint directory to start from (its encoder and decoder; a fresh optimizer "
                + "and schedule); default: none, a random start");
        return o;
    }

    /** With AdamW (the default optimiser) the learning rate starts at {@value MaeSettings#ADAMW_BASE_LR} at batch 256. */
    @Override
    public LoopSettings loopDefaults(Map<String, String> options) {
        MaeSettings s = settings;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (options().containsKey(e.getKey())) {
                s = s.with(e.getKey(), e.getValue());
            }
        }
        LoopSettings d = LoopSettings.defaults();
        return s.optimizer() == MaeSettings.Optim.ADAMW ? d.withBaseLr(MaeSettings.ADAMW_BASE_LR) : d;
    }

    /** These settings with the request's options applied; an unknown option or a bad value is an error naming it. */
    MaeSettings settingsFor(Request r) {
        checkOptions(r);
        MaeSettings s = settings;
        for (Map.Entry<String, String> e : r.options().entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /** One view per image: random resized crop (scale {@code cropScaleMin}–1) and horizontal flip, no colour changes. */
    public static MultiViewAugmenter augmenter(MaeSettings s, int size) {
        ViewAugmentation cropAndFlip = ViewAugmentation.builder().optJitterProbability(0).optGrayscaleProbability(0)
                .optBlurProbability(0).build();
        return MultiCropAugmenter.builder().optAugmentation(cropAndFlip).optGlobalCrops(1, size, s.cropScaleMin(), 1.0)
                .optLocalCrops(0, Math.max(1, size / 2), 0.05, 0.25).build();
    }

    /**
     * Loads every weight of the {@code mae} run or checkpoint {@code source} into {@code network} (strict: the same ViT and
     * decoder). A resumed run then overwrites them with its own checkpoint, so resuming is unaffected.
     */
    static void startFrom(MaeNetwork network, Path source, NDManager manager) {
        Path dir = Files.isDirectory(source.resolve(TrainingLoop.CHECKPOINT_DIR)) ? source.resolve(TrainingLoop.CHECKPOINT_DIR) : source;
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("mae setting '" + MaeSettings.INIT + "': " + source + " is not a run or checkpoint directory");
        }
        Manifest m = CheckpointStore.manifest(dir);
        if (!NAME.equals(m.method())) {
            throw new IllegalArgumentException("mae setting '" + MaeSettings.INIT + "': " + source + " is a " + m.method()
                    + " checkpoint; an mae run continues from an mae checkpoint");
        }
        if (!m.backbone().equals(network.spec())) {
            throw new IllegalArgumentException("mae setting '" + MaeSettings.INIT + "': " + source + " holds " + m.backbone()
                    + ", this run trains " + network.spec());
        }
        try (NDManager load = manager.newSubManager()) {
            Weights.load(network.namedParameters(), CheckpointStore.tensors(dir, CheckpointStore.MODEL, load), dir.toString());
        }
        LOG.info("mae: starting from the weights of {} (step {} of its run)", dir, m.progress().globalStep());
    }

    @Override
    public TrainingSummary pretrain(Request r) {
        MaeSettings s = settingsFor(r);
        VitSpec spec = r.backbone().asVit("method '" + NAME + "'");
        RandomMasking.of(spec.numPatches(), s.maskRatio()); // an impossible ratio for this patch count fails before any work
        if (s.optimizer() == MaeSettings.Optim.ADAMW && r.loop().baseLr() > ADAMW_LR_WARNING) {
            LOG.warn("mae: AdamW at learning rate {} (at batch 256) is an SGD-sized rate; AdamW runs usually take about 1.5e-3 "
                    + "(--lr), or use -o optimizer=sgd", r.loop().baseLr());
        }
        RunDirectory.requireOnly(r.runDir(), NAME);
        try (NDManager manager = NDManager.newBaseManager(r.device())) {
            MaeNetwork network = new MaeNetwork(spec, s);
            network.initialize(manager, r.loop().seed());
            boolean resuming = r.resume() && CheckpointStore.exists(r.runDir().resolve(TrainingLoop.CHECKPOINT_DIR));
            if (!s.init().isEmpty() && !resuming) {
                startFrom(network, Path.of(s.init()), manager);
            }
            MaeObjective objective = new MaeObjective(network, s, r.pool(), augmenter(s, spec.imageSize()), r.loop().seed());
            return new TrainingLoop(objective, r.pool(), r.loop(), r.device()).run(r.runDir(), r.resume(), manager);
        }
    }
}
