package org.sdrnet.pretrain.mae;

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
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.pretrain.AdamW;
import org.sdrnet.pretrain.Optimizer;
import org.sdrnet.pretrain.Sgd;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.loss.MaskedPatchLoss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MAE (He et al. 2022) as a training objective: one augmented view per image, a random mask per image
 * ({@link RandomMasking}, seeded by the run seed, the step and the image), the encoder on the visible patches, the
 * decoder on all positions, and {@link MaskedPatchLoss} on the masked patches against the (normalised) pixels of the
 * view the encoder saw.
 */
public final class MaeObjective implements TrainingObjective {
    /** Purpose counter of the mask seeds, apart from the loop's own streams. */
    static final long MASK_STREAM = 0x3A5CL;
    /** AdamW's ε (PyTorch's default, which the MAE reference setting keeps). */
    static final float ADAM_EPS = 1e-8f;

    private final MaeNetwork network;
    private final MaeSettings settings;
    private final ImageSet pool;
    private final MultiViewAugmenter augmenter;
    private final RandomMasking masking;
    private final long runSeed;
    private long step;

    public MaeObjective(MaeNetwork network, MaeSettings settings, ImageSet pool, MultiViewAugmenter augmenter, long runSeed) {
        if (augmenter.numViews() != 1 || augmenter.viewSizes()[0] != network.spec().imageSize()) {
            throw new IllegalArgumentException("MAE needs one view of " + network.spec().imageSize() + " px, got sizes "
                    + java.util.Arrays.toString(augmenter.viewSizes()));
        }
        this.network = network;
        this.settings = settings;
        this.pool = pool;
        this.augmenter = augmenter;
        this.masking = RandomMasking.of(network.spec().numPatches(), settings.maskRatio());
        this.runSeed = runSeed;
    }

    @Override
    public String method() {
        return MaeMethod.NAME;
    }

    @Override
    public BackboneSpec backbone() {
        return network.spec();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MaeSettings.MASK_RATIO, settings.maskRatio());
        m.put(MaeSettings.DECODER_DEPTH, settings.decoderDepth());
        m.put(MaeSettings.DECODER_DIM, settings.decoderDim());
        m.put(MaeSettings.DECODER_HEADS, settings.decoderHeads());
        m.put(MaeSettings.DECODER_MLP_RATIO, settings.decoderMlpRatio());
        m.put(MaeSettings.NORM_PIX_LOSS, settings.normPixLoss());
        m.put(MaeSettings.CROP_SCALE_MIN, settings.cropScaleMin());
        m.put(MaeSettings.OPTIMIZER, settings.optimizer().name().toLowerCase(java.util.Locale.ROOT));
        if (settings.optimizer() == MaeSettings.Optim.ADAMW) {
            m.put(MaeSettings.ADAM_BETA1, settings.adamBeta1());
            m.put(MaeSettings.ADAM_BETA2, settings.adamBeta2());
            m.put(MaeSettings.ADAM_WEIGHT_DECAY, settings.adamWeightDecay());
        }
        if (!settings.init().isEmpty()) {
            m.put(MaeSettings.INIT, java.nio.file.Path.of(settings.init()).toAbsolutePath().normalize().toString());
        }
        m.put("visiblePatches", masking.visible());
        m.put("augmentation", augmenter.toString());
        return m;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return network.namedParameters();
    }

    /** AdamW with the settings' betas and weight decay, or the loop's SGD. */
    @Override
    public Optimizer optimizer(LoopSettings loop, NDManager manager) {
        return optimizer(settings, loop, manager);
    }

    /** The optimiser {@code s} names: AdamW with its betas and weight decay, or the loop's SGD (shared with TEC). */
    public static Optimizer optimizer(MaeSettings s, LoopSettings loop, NDManager manager) {
        if (s.optimizer() == MaeSettings.Optim.SGD) {
            return new Sgd(loop.momentum(), loop.weightDecay(), manager);
        }
        return new AdamW((float) s.adamBeta1(), (float) s.adamBeta2(), ADAM_EPS, (float) s.adamWeightDecay(), manager);
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
        RandomMasking.Batch masks = masks(step, indices);
        NDArray pred = network.reconstruct(ps, x, masks, true);
        NDArray target = VitBackbone.patchify(x, network.spec().patchSize());
        if (settings.normPixLoss()) {
            target = MaskedPatchLoss.normalizePatches(target);
        }
        NDArray mask = sm.create(masks.mask(), new Shape(indices.length, masking.patches()));
        return new StepOutput(MaskedPatchLoss.loss(pred, target, mask), Map.of());
    }
}
