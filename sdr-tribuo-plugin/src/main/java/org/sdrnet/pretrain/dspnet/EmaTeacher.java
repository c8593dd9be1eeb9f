package org.sdrnet.pretrain.dspnet;

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
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DSPNet's teacher: an exponential moving average of the online network's full width, backbone and projector (BYOL's
 * target network; METHODS.md §2). Its backbone is a slimmable ResNet with the single width 1.0, so its parameter names
 * are the online network's full-width names ({@code backbone.stem.bn.x1.gamma}) and each momentum pair is one name in
 * both networks ({@link #pairs()}). Frozen: the optimizer never touches it, gradients never reach it.
 * <p>
 * [our choice] Only the learnable parameters are averaged. The teacher runs with batch statistics (as BYOL's target
 * does), and its BatchNorm running statistics are its own, updated by its forward passes; they are kept and
 * checkpointed but not used in training.
 */
public final class EmaTeacher implements NamedParameters {

    /** One averaged parameter: its name in both networks, the online parameter and the teacher's. */
    public record MomentumPair(String name, Parameter online, Parameter teacher) {
    }

    private final SlimmableResNet backbone;
    private final MlpHead projector;
    private final List<MomentumPair> pairs = new ArrayList<>();

    private EmaTeacher(SlimmableResNet backbone, MlpHead projector) {
        this.backbone = backbone;
        this.projector = projector;
    }

    /**
     * A teacher equal to {@code online}'s full width and projector now, on {@code manager}'s device, frozen. The online
     * network must be initialised with these {@code heads}; a parameter without an online counterpart is an error.
     */
    public static EmaTeacher of(DspNetwork online, SimSiamSettings heads, NDManager manager) {
        ResNetSpec base = online.spec().base();
        SlimmableResNet backbone = new SlimmableResNet(new SlimmableSpec(base, new double[] {1.0}));
        MlpHead projector = MlpHead.simSiamProjector(base.featureDim(), heads.projectorHidden(), heads.projectionDim());
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, base.inChannels(), base.imageSize(), base.imageSize()));
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, base.featureDim()));
        EmaTeacher t = new EmaTeacher(backbone, projector);
        Map<String, Parameter> source = online.namedParameters();
        for (Map.Entry<String, Parameter> e : t.namedParameters().entrySet()) {
            Parameter s = source.get(e.getKey());
            if (s == null || !s.getArray().getShape().equals(e.getValue().getArray().getShape())) {
                throw new IllegalStateException("teacher parameter " + e.getKey() + " has no online counterpart of its shape");
            }
            Weights.assign(e.getValue().getArray(), s.getArray());
            if (s.requiresGradient()) {
                t.pairs.add(new MomentumPair(e.getKey(), s, e.getValue()));
            }
            e.getValue().freeze(true);
        }
        return t;
    }

    /** The teacher's projection of {@code images} (full width, batch statistics), cut off from the gradient. */
    public NDArray project(ParameterStore ps, NDArray images) {
        NDArray y = backbone.forward(ps, images, true, 1.0);
        return projector.forward(ps, new NDList(y), true).singletonOrThrow().stopGradient();
    }

    /** t ← m·t + (1−m)·s for every pair, in place; temporaries belong to {@code scratch}. */
    public void update(float m, NDManager scratch) {
        for (MomentumPair p : pairs) {
            NDArray t = p.teacher().getArray();
            NDArray step = p.online().getArray().sub(t); // s − t, so t + (1−m)(s − t) = m·t + (1−m)·s
            step.attach(scratch);
            step.muli(1 - m);
            t.addi(step);
        }
    }

    /** The averaged parameters, as data. */
    public List<MomentumPair> pairs() {
        return List.copyOf(pairs);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        backbone.namedParameters().forEach((k, v) -> all.put("backbone." + k, v));
        projector.namedParameters().forEach((k, v) -> all.put("projector." + k, v));
        return all;
    }
}
