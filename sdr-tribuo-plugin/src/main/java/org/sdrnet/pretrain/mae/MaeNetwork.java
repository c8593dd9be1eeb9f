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
        int b = masks.size();
        NDArray tokens = backbone.embedPatches(ps, images, training); // [B, N, D], positions added
        NDArray rows = m.create(masks.keepRows());
        NDArray visible = tokens.reshape(b * (long) spec.numPatches(), spec.dim()).get(new NDIndex("{}", rows))
                .reshape(b, masks.keep()[0].length, spec.dim());
        NDArray encoded = backbone.encode(ps, backbone.prependCls(ps, visible, training), training);
        return decoder.forward(ps, new NDList(encoded, m.create(masks.restoreRows())), training).singletonOrThrow();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        backbone.namedParameters().forEach((k, v) -> all.put("backbone." + k, v));
        decoder.namedParameters().forEach((k, v) -> all.put("decoder." + k, v));
        return all;
    }
}
