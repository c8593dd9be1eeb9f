package org.sdrnet.pretrain.tec;

import ai.djl.ndarray.NDManager;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.mae.MaeMethod;
import org.sdrnet.pretrain.mae.MaeSettings;
import org.sdrnet.pretrain.mae.RandomMasking;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code tec} method (Gao et al., "Towards Sustainable Self-supervised Learning", 2022; METHODS.md §3): a new Vision
 * Transformer learns from a frozen, already pretrained one (the base, e.g. an {@code mae} run or an exported ONNX ViT)
 * with enhanced targets, the base's normalised features and attention relations, through input and encoder adapters
 * ({@link TecObjective}). Needs {@code -o base=…} ({@code sdr pretrain --base}) and a ViT backbone of the base's size.
 * <p>
 * Run directory: {@code checkpoint/} (student {@code backbone.*}, always the plain exportable ViT with the CLS adapter
 * folded in; {@code inputAdapter.*}, {@code encoderAdapter.*}, {@code decoder.*}; optimizer state) and
 * {@code train-log.jsonl} (with {@code lossFea} and {@code lossAtt}).
 */
public final class TecMethod implements PretrainMethod {
    public static final String NAME = "tec";
    private static final Logger LOG = LoggerFactory.getLogger(TecMethod.class);
    private final TecSettings settings;

    /** ServiceLoader constructor: the defaults of {@link TecSettings} (no base yet: a request must name one). */
    public TecMethod() {
        this(TecSettings.defaults());
    }

    public TecMethod(TecSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TEC: a new ViT learns from a frozen pretrained ViT's features and attention relations (needs --base and a "
                + "ViT --backbone of the base's size)";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(TecSettings.BASE, "the frozen base: an mae run or checkpoint directory, a saved backbone directory or an exported "
                + ".onnx ViT (required; also --base)");
        o.put(TecSettings.TOP_K, "patches whose attention rows make the relation target (default 5)");
        o.put(TecSettings.TAU, "temperature of the relation target (default 1.8)");
        o.put(TecSettings.RELATION_CLS, "also predict the CLS token's attention row: true or false (default true)");
        o.put(TecSettings.FEATURE_LAYERS, "the feature target averages the base's last this many block outputs (default 2)");
        o.put(TecSettings.ADAPTER_GROUP, "the encoder adapter fuses this many consecutive layers per group; divides the depth (default 3)");
        o.put(TecSettings.ADAPTER_MLP_RATIO, "hidden width of the adapter MLPs over the decoder width (default 4)");
        o.put(MaeSettings.MASK_RATIO, "fraction of the student's patches masked per image (default 0.75)");
        o.put(MaeSettings.DECODER_DEPTH, "decoder transformer blocks, shared by both heads (default 2)");
        o.put(MaeSettings.DECODER_DIM, "decoder token width (default 128)");
        o.put(MaeSettings.DECODER_HEADS, "decoder attention heads, dividing the decoder width (default 4)");
        o.put(MaeSettings.DECODER_MLP_RATIO, "decoder MLP width over its token width (default 4)");
        o.put(MaeSettings.CROP_SCALE_MIN, "smallest area fraction of the random resized crop (default 0.2)");
        o.put(MaeSettings.OPTIMIZER, "adamw (give it an AdamW-sized --lr, e.g. 1.5e-3) or sgd (default adamw)");
        o.put(MaeSettings.ADAM_BETA1, "AdamW's beta1 (default 0.9)");
        o.put(MaeSettings.ADAM_BETA2, "AdamW's beta2 (default 0.95)");
        o.put(MaeSettings.ADAM_WEIGHT_DECAY, "AdamW's decoupled weight decay (default 0.05)");
        return o;
    }

    /** As MAE's: with AdamW (the default optimiser) the learning rate starts at {@value MaeSettings#ADAMW_BASE_LR} at batch 256. */
    @Override
    public LoopSettings loopDefaults(Map<String, String> options) {
        TecSettings s = settings;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (options().containsKey(e.getKey())) {
                s = s.with(e.getKey(), e.getValue());
            }
        }
        LoopSettings d = LoopSettings.defaults();
        return s.mae().optimizer() == MaeSettings.Optim.ADAMW ? d.withBaseLr(MaeSettings.ADAMW_BASE_LR) : d;
    }

    /** These settings with the request's options applied; an unknown option or a bad value is an error naming it. */
    TecSettings settingsFor(Request r) {
        checkOptions(r);
        TecSettings s = settings;
        for (Map.Entry<String, String> e : r.options().entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /** Checks the request against the settings and the base before any work; returns the base's backbone. */
    static Backbone checkedBase(TecSettings s, VitSpec spec) {
        Path source = Path.of(s.base());
        Backbone base = BaseModel.read(s.base().isEmpty() ? null : source);
        BaseModel.requireMatching(base.spec(), spec, source);
        RandomMasking.of(spec.numPatches(), s.mae().maskRatio());
        if (s.topK() > spec.numPatches()) {
            throw new IllegalArgumentException("tec setting '" + TecSettings.TOP_K + "' is " + s.topK() + ", but " + spec.name()
                    + " has only " + spec.numPatches() + " patches");
        }
        if (s.featureLayers() > spec.depth()) {
            throw new IllegalArgumentException("tec setting '" + TecSettings.FEATURE_LAYERS + "' is " + s.featureLayers() + ", but "
                    + spec.name() + " has only " + spec.depth() + " blocks");
        }
        if (spec.depth() % s.adapterGroup() != 0) {
            throw new IllegalArgumentException("tec setting '" + TecSettings.ADAPTER_GROUP + "' must divide the ViT's depth "
                    + spec.depth() + " (" + spec.name() + "), got " + s.adapterGroup());
        }
        return base;
    }

    @Override
    public TrainingSummary pretrain(Request r) {
        TecSettings s = settingsFor(r);
        VitSpec spec = r.backbone().asVit("method '" + NAME + "'");
        Backbone baseBackbone = checkedBase(s, spec);
        if (s.mae().optimizer() == MaeSettings.Optim.ADAMW && r.loop().baseLr() > MaeMethod.ADAMW_LR_WARNING) {
            LOG.warn("tec: AdamW at learning rate {} (at batch 256) is an SGD-sized rate; AdamW runs usually take about 1.5e-3 "
                    + "(--lr), or use -o optimizer=sgd", r.loop().baseLr());
        }
        RunDirectory.requireOnly(r.runDir(), NAME);
        MultiViewAugmenter augmenter = MaeMethod.augmenter(s.mae(), spec.imageSize());
        BaseModel.requireInputs(Path.of(s.base()), augmenter.normalization());
        try (NDManager manager = NDManager.newBaseManager(r.device())) {
            BaseModel base = BaseModel.load(baseBackbone, manager);
            TecNetwork network = new TecNetwork(spec, s);
            network.initialize(manager, r.loop().seed());
            TecObjective objective = new TecObjective(network, base, s, r.pool(), augmenter, r.loop().seed());
            return new TrainingLoop(objective, r.pool(), r.loop(), r.device()).run(r.runDir(), r.resume(), manager);
        }
    }
}
