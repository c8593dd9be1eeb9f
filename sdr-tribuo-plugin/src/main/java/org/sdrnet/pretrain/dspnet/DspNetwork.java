package org.sdrnet.pretrain.dspnet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.MlpHead;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.SlimmableResNet;
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DSPNet's online network: a {@link SlimmableResNet} with one projector and one predictor shared by every width
 * (parameters {@code backbone.*}, {@code projector.*}, {@code predictor.*}; heads sized as SimSiam's here).
 * <p>
 * Heads at slim widths [our choice]: the projector's first layer is slimmable on its input, i.e. a width-w feature of
 * ⌈w·C⌉ values meets the first ⌈w·C⌉ columns of that layer's weight, computed by zero-padding the feature to C values
 * (exactly the same product, and its gradient is zero on the other columns). This follows the backbone's own weight
 * sharing, where channel i is the same unit at every width, keeps one set of head weights whose full-width form is what
 * the EMA teacher averages, and costs no extra parameters (a projector per width would add three projectors and a teacher
 * question for each). The head's BatchNorms are shared: in training they normalise with the batch's statistics, and the
 * heads are discarded after pretraining, so their running statistics are never used.
 */
public final class DspNetwork implements NamedParameters {

    /** One forward pass at one width: backbone feature y, projection z and prediction p. */
    public record Output(NDArray features, NDArray projection, NDArray prediction) {
    }

    private final SlimmableResNet backbone;
    private final MlpHead projector;
    private final MlpHead predictor;

    public DspNetwork(SlimmableSpec spec, SimSiamSettings heads) {
        this.backbone = new SlimmableResNet(spec);
        this.projector = MlpHead.simSiamProjector(spec.base().featureDim(), heads.projectorHidden(), heads.projectionDim());
        this.predictor = MlpHead.simSiamPredictor(heads.projectionDim(), heads.predictorHidden());
    }

    /** Allocates and initialises every parameter on {@code manager}'s device, deterministically for a seed. */
    public void initialize(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        ResNetSpec base = spec().base();
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, base.inChannels(), base.imageSize(), base.imageSize()));
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, base.featureDim()));
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, projector.outputDim()));
    }

    /** Backbone, projector and predictor of {@code images} at multiplier {@code width}. */
    public Output forward(ParameterStore ps, NDArray images, boolean training, double width) {
        NDArray y = backbone.forward(ps, images, training, width);
        NDArray z = projector.forward(ps, new NDList(padToFull(y, spec().base().featureDim())), training).singletonOrThrow();
        NDArray p = predictor.forward(ps, new NDList(z), training).singletonOrThrow();
        return new Output(y, z, p);
    }

    /** A slim feature {@code [n, c]} followed by zeros to {@code [n, full]} (the slimmable first head layer, see above). */
    static NDArray padToFull(NDArray y, int full) {
        long n = y.getShape().get(0);
        long c = y.getShape().get(1);
        if (c == full) {
            return y;
        }
        NDArray zeros = y.getManager().zeros(new Shape(n, full - c), y.getDataType(), y.getDevice());
        return y.concat(zeros, 1);
    }

    public SlimmableSpec spec() {
        return backbone.spec();
    }

    public SlimmableResNet backbone() {
        return backbone;
    }

    public MlpHead projector() {
        return projector;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        backbone.namedParameters().forEach((k, v) -> all.put("backbone." + k, v));
        projector.namedParameters().forEach((k, v) -> all.put("projector." + k, v));
        predictor.namedParameters().forEach((k, v) -> all.put("predictor." + k, v));
        return all;
    }
}
