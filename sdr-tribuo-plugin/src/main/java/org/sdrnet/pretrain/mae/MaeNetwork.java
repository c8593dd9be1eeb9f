package org.sdrnet.pretrain.mae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The masked autoencoder (He et al. 2022): a {@link VitBackbone} encoder that sees only the visible patches (plus its CLS
 * token) and a {@link MaeDecoder} that predicts every patch. Parameters {@code backbone.*} (the plain ViT that is
 * exported) and {@code decoder.*} (dropped after pretraining).
 */
public final class MaeNetwork implements NamedParameters {
    private final VitSpec spec;
    private final VitBackbone backbone;
    private final MaeDecoder decoder;

    public MaeNetwork(VitSpec spec, MaeSettings settings) {
        this.spec = spec;
        this.backbone = new VitBackbone(spec);
        this.decoder = new MaeDecoder(spec, settings);
    }

    /** Allocates and initialises every parameter on {@code manager}'s device, deterministically for a seed. */
    public void initialize(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        backbone.initialize(manager, DataType.FLOAT32, spec.inputShape(2));
        decoder.initialize(manager, DataType.FLOAT32, new Shape(2, spec.numTokens(), spec.dim()), new Shape(2L * spec.numPatches()));
    }

    public VitSpec spec() {
        return spec;
    }

    /**
     * The predicted pixels of every patch [B, N, C·p·p] for {@code images} [B, C, S, S] under {@code masks}: the encoder
     * runs on the visible patches only.
     */
    public NDArray reconstruct(ParameterStore ps, NDArray images, RandomMasking.Batch masks, boolean training) {
        NDManager m = images.getManager();
        NDArray visible = keepVisible(backbone.embedPatches(ps, images, training), masks); // positions added
        NDArray encoded = backbone.encode(ps, backbone.prependCls(ps, visible, training), training);
        return decoder.forward(ps, new NDList(encoded, m.create(masks.restoreRows())), training).singletonOrThrow();
    }

    /** The visible tokens of {@code tokens} [B, N, D] under {@code masks}: [B, k, D], each image's in increasing patch order. */
    public static NDArray keepVisible(NDArray tokens, RandomMasking.Batch masks) {
        Shape s = tokens.getShape();
        NDArray rows = tokens.getManager().create(masks.keepRows());
        return tokens.reshape(s.get(0) * s.get(1), s.get(2)).get(new NDIndex("{}", rows))
                .reshape(s.get(0), masks.keep()[0].length, s.get(2));
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        backbone.namedParameters().forEach((k, v) -> all.put("backbone." + k, v));
        decoder.namedParameters().forEach((k, v) -> all.put("decoder." + k, v));
        return all;
    }
}
