package org.sdrnet.pretrain.tec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;
import org.sdrnet.data.augment.MultiViewAugmenter;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.pretrain.Optimizer;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.loss.MaskedPatchLoss;
import org.sdrnet.pretrain.loss.RelationLoss;
import org.sdrnet.pretrain.mae.MaeObjective;
import org.sdrnet.pretrain.mae.MaeSettings;
import org.sdrnet.pretrain.mae.RandomMasking;
import org.sdrnet.spi.LoopSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TEC (Gao et al. 2022) as a training objective: one augmented view per image (MAE's crop and flip); the frozen
 * {@link BaseModel} gives the targets on the full view; the {@link TecNetwork} student sees a random 25 % of its patches
 * ({@link RandomMasking}, seeded by the run seed, the step and the image) and predicts the feature target on the masked
 * patches ({@link MaskedPatchLoss}) and the relation target ({@link RelationLoss}). Loss = L_fea + L_att; both are
 * logged ({@code lossFea}, {@code lossAtt}). After each update the input adapter is folded into the backbone's CLS token.
 */
public final class TecObjective implements TrainingObjective {
    /** Purpose counter of the mask seeds, apart from the loop's own streams (and from MAE's). */
    static final long MASK_STREAM = 0x7EC5L;

    private final TecNetwork network;
    private final BaseModel base;
    private final TecSettings settings;
    private final ImageSet pool;
    private final MultiViewAugmenter augmenter;
    private final RandomMasking masking;
    private final long runSeed;
    private long step;

    public TecObjective(TecNetwork network, BaseModel base, TecSettings settings, ImageSet pool, MultiViewAugmenter augmenter,
                        long runSeed) {
        if (augmenter.numViews() != 1 || augmenter.viewSizes()[0] != network.spec().imageSize()) {
            throw new IllegalArgumentException("TEC needs one view of " + network.spec().imageSize() + " px, got sizes "
                    + java.util.Arrays.toString(augmenter.viewSizes()));
        }
        this.network = network;
        this.base = base;
        this.settings = settings;
        this.pool = pool;
        this.augmenter = augmenter;
        this.masking = RandomMasking.of(network.spec().numPatches(), settings.mae().maskRatio());
        this.runSeed = runSeed;
    }

    @Override
    public String method() {
        return TecMethod.NAME;
    }

    @Override
    public BackboneSpec backbone() {
        return network.spec();
    }

    @Override
    public Map<String, Object> settings() {
        MaeSettings mae = settings.mae();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TecSettings.BASE, java.nio.file.Path.of(settings.base()).toAbsolutePath().normalize().toString());
        m.put("baseDigest", base.digest());
        m.put(TecSettings.TOP_K, settings.topK());
        m.put(TecSettings.TAU, settings.tau());
        m.put(TecSettings.RELATION_CLS, settings.relationCls());
        m.put(TecSettings.FEATURE_LAYERS, settings.featureLayers());
        m.put(TecSettings.ADAPTER_GROUP, settings.adapterGroup());
        m.put(TecSettings.ADAPTER_MLP_RATIO, settings.adapterMlpRatio());
        m.put(MaeSettings.MASK_RATIO, mae.maskRatio());
        m.put(MaeSettings.DECODER_DEPTH, mae.decoderDepth());
        m.put(MaeSettings.DECODER_DIM, mae.decoderDim());
        m.put(MaeSettings.DECODER_HEADS, mae.decoderHeads());
        m.put(MaeSettings.DECODER_MLP_RATIO, mae.decoderMlpRatio());
        m.put(MaeSettings.CROP_SCALE_MIN, mae.cropScaleMin());
        m.put(MaeSettings.OPTIMIZER, mae.optimizer().name().toLowerCase(Locale.ROOT));
        if (mae.optimizer() == MaeSettings.Optim.ADAMW) {
            m.put(MaeSettings.ADAM_BETA1, mae.adamBeta1());
            m.put(MaeSettings.ADAM_BETA2, mae.adamBeta2());
            m.put(MaeSettings.ADAM_WEIGHT_DECAY, mae.adamWeightDecay());
        }
        m.put("visiblePatches", masking.visible());
        m.put("augmentation", augmenter.toString());
        return m;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return network.namedParameters();
    }

    @Override
    public Optimizer optimizer(LoopSettings loop, NDManager manager) {
        return MaeObjective.optimizer(settings.mae(), loop, manager);
    }

    @Override
    public List<ViewBatch> views(int[] indices, long stepSeed) {
        return augmenter.augment(pool, indices, stepSeed);
    }

    @Override
    public void beforeStep(long step) {
        this.step = step;
    }

    /** The masks of step {@code step} for the pool images {@code indices}. */
    RandomMasking.Batch masks(long step, int[] indices) {
        return masking.sample(indices, Sampling.mix(runSeed, MASK_STREAM, step));
    }

    @Override
    public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<ViewBatch> views) {
        NDArray x = ViewTensors.stack(sm, views);
        Losses l = losses(ps, sm, x, masks(step, indices), true);
        return new StepOutput(l.feature().add(l.relation()), Map.of("lossFea", l.feature(), "lossAtt", l.relation()));
    }

    /** The two losses of one batch. */
    record Losses(NDArray feature, NDArray relation) {
    }

    /** The feature and relation losses of {@code images} under {@code masks}. */
    Losses losses(ParameterStore ps, NDManager sm, NDArray images, RandomMasking.Batch masks, boolean training) {
        BaseModel.Targets t = base.targets(images, settings.featureLayers(), settings.topK(), settings.relationCls());
        NDArray adapted = network.encode(ps, images, masks, training);
        NDArray restore = sm.create(masks.restoreRows());
        TecDecoder decoder = network.decoder();
        NDArray features = decoder.features(ps, adapted, restore, training);
        NDArray mask = sm.create(masks.mask(), new Shape(masks.size(), masking.patches()));
        NDArray lossFea = MaskedPatchLoss.loss(features, t.features(), mask);
        NDArray relations = decoder.relations(ps, adapted, restore, t.relation().flatRows(network.spec().numTokens()),
                network.spec().heads(), training);
        NDArray lossAtt = RelationLoss.loss(relations, t.relation().logits(), (float) settings.tau());
        return new Losses(lossFea, lossAtt);
    }

    /** Folds the updated input adapter into the backbone's CLS token, so {@code backbone.*} stays the exportable ViT. */
    @Override
    public void afterStep(NDManager stepManager) {
        network.foldCls(stepManager);
    }
}
