package org.sdrnet.pretrain.tec;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ParameterBlock;
import org.sdrnet.nn.Transformer;
import org.sdrnet.nn.VitSpec;

import java.util.function.Function;

/**
 * TEC's input adapter (Gao et al. 2022, §3): the student's CLS token is not a learned vector but the output of an MLP
 * ({@code fc2(GELU(fc1(token)))}, hidden width the ViT's MLP width) applied to one. Since its input is a constant, the
 * trained adapter folds into a plain CLS token for export. Names: {@code token} [1, 1, D], {@code cls.mlp.fc1.*},
 * {@code cls.mlp.fc2.*}.
 */
public final class InputAdapter extends ParameterBlock {
    public static final String TOKEN = "token";
    private static final String MLP = "cls";

    private final VitSpec spec;

    public InputAdapter(VitSpec spec) {
        this.spec = spec;
        declare(Layers.embedding(TOKEN, new Shape(1, 1, spec.dim())));
        Transformer.mlpParameters(MLP, spec.dim(), spec.mlpDim(), spec.dim()).forEach(this::declare);
    }

    /** The CLS token [1, 1, D]; every array computed belongs to {@code manager} (the step's). */
    public NDArray cls(ParameterStore ps, NDManager manager, boolean training) {
        Device d = manager.getDevice();
        Function<String, NDArray> p = name -> value(ps, name, d, training);
        NDArray token = manager.create(0f).add(p.apply(TOKEN)); // on the step's manager (results follow the first operand)
        return Transformer.mlp(p, MLP, token);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(cls(ps, inputs.head().getManager(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(1, 1, spec.dim())};
    }
}
