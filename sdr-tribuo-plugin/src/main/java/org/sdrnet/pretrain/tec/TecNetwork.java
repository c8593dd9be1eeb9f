package org.sdrnet.pretrain.tec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.mae.MaeNetwork;
import org.sdrnet.pretrain.mae.RandomMasking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TEC student (Gao et al. 2022, §3): a {@link VitBackbone} of the base's size that sees the visible patches only,
 * its CLS token from the {@link InputAdapter}, all its block outputs fused by the {@link EncoderAdapter}, and the
 * {@link TecDecoder}'s two heads. Parameters {@code backbone.*}, {@code inputAdapter.*}, {@code encoderAdapter.*},
 * {@code decoder.*}.
 * <p>
 * {@code backbone.*} is at every moment the plain ViT that is exported: its {@code cls} is not trained but frozen and
 * overwritten with the input adapter's output after initialisation and after every update ({@link #foldCls}), so a
 * checkpoint's backbone, {@code sdr export}, evaluation and feature extraction need nothing TEC-specific.
 */
public final class TecNetwork implements NamedParameters {
    static final String BACKBONE = "backbone.";
    static final String INPUT_ADAPTER = "inputAdapter.";
    static final String ENCODER_ADAPTER = "encoderAdapter.";
    static final String DECODER = "decoder.";

    private final VitSpec spec;
    private final VitBackbone backbone;
    private final InputAdapter inputAdapter;
    private final EncoderAdapter encoderAdapter;
    private final TecDecoder decoder;

    public TecNetwork(VitSpec spec, TecSettings settings) {
        this.spec = spec;
        this.backbone = new VitBackbone(spec);
        this.inputAdapter = new InputAdapter(spec);
        this.encoderAdapter = new EncoderAdapter(spec.depth(), spec.dim(), settings.adapterGroup(), settings.adapterMlpDim());
        this.decoder = new TecDecoder(spec, settings.mae());
    }

    /** Allocates and initialises every parameter on {@code manager}'s device, deterministically for a seed; folds the CLS. */
    public void initialize(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        backbone.initialize(manager, DataType.FLOAT32, spec.inputShape(2));
        inputAdapter.initialize(manager, DataType.FLOAT32, new Shape(1, 1, spec.dim()));
        encoderAdapter.initialize(manager, DataType.FLOAT32, new Shape(2, spec.numTokens(), spec.dim()));
        decoder.initialize(manager, DataType.FLOAT32, new Shape(2, spec.numTokens(), spec.dim()), new Shape(2L * spec.numPatches()));
        backbone.namedParameters().get(VitBackbone.CLS).freeze(true);
        try (NDManager tmp = manager.newSubManager()) {
            foldCls(tmp);
        }
    }

    public VitSpec spec() {
        return spec;
    }

    /**
     * The encoder adapter's output [B, 1+k, C] for {@code images} under {@code masks}: patch embedding, the visible
     * patches, the adapter's CLS token in front, every block, the last block's output through the final LayerNorm (as the
     * official code feeds the adapter, so the exported final norm is trained), then the adapter.
     */
    public NDArray encode(ParameterStore ps, NDArray images, RandomMasking.Batch masks, boolean training) {
        NDArray visible = MaeNetwork.keepVisible(backbone.embedPatches(ps, images, training), masks);
        NDArray cls = inputAdapter.cls(ps, images.getManager(), training);
        List<NDArray> outputs = new ArrayList<>(backbone.blockOutputs(ps, backbone.prependCls(ps, visible, cls, training), training));
        int last = outputs.size() - 1;
        outputs.set(last, backbone.finalNorm(ps, outputs.get(last), training));
        return encoderAdapter.adapt(ps, outputs, training);
    }

    public TecDecoder decoder() {
        return decoder;
    }

    /**
     * Sets {@code backbone.cls} to the input adapter's current output, without gradient: the fold that makes the backbone
     * a plain ViT. Temporary arrays belong to {@code manager}.
     */
    public void foldCls(NDManager manager) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray cls = inputAdapter.cls(ps, manager, false).stopGradient();
        Weights.assign(backbone.namedParameters().get(VitBackbone.CLS).getArray(), cls);
    }

    /** The input adapter's CLS token as the host sees it, [1, 1, C] (for checks of the fold). */
    public float[] adapterCls(NDManager manager) {
        return inputAdapter.cls(new ParameterStore(manager, false), manager, false).toFloatArray();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        backbone.namedParameters().forEach((k, v) -> all.put(BACKBONE + k, v));
        inputAdapter.namedParameters().forEach((k, v) -> all.put(INPUT_ADAPTER + k, v));
        encoderAdapter.namedParameters().forEach((k, v) -> all.put(ENCODER_ADAPTER + k, v));
        decoder.namedParameters().forEach((k, v) -> all.put(DECODER + k, v));
        return all;
    }
}
