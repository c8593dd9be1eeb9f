package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.nn.ResNetSpec;

import java.util.List;
import java.util.Map;

/** The smallest real objective for loop tests: loss = scale·sum(w) over three weights, or NaN on the steps listed. */
class SumObjective implements TrainingObjective {
    final Parameter w;
    private final List<Integer> nanSteps;
    private final float scale;
    private int step;

    SumObjective(NDManager m, List<Integer> nanSteps) {
        this(m, nanSteps, 1f);
    }

    SumObjective(NDManager m, List<Integer> nanSteps, float scale) {
        this.scale = scale;
        NDArray a = m.ones(new Shape(3));
        a.setRequiresGradient(true);
        this.w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(a).build();
        this.nanSteps = nanSteps;
    }

    /** A pool of eight blank one-channel images. */
    static ImageSet pool() {
        return ImageSet.unlabeled("p", 1, 32, new byte[8 * 32 * 32]);
    }

    @Override public String method() { return "test"; }
    @Override public ResNetSpec backbone() { return ResNetSpec.tiny(); }
    @Override public Map<String, Object> settings() { return Map.of(); }
    @Override public Map<String, Parameter> parameters() { return Map.of("w", w); }

    @Override
    public List<ViewBatch> views(int[] indices, long stepSeed) {
        return List.of();
    }

    @Override
    public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<ViewBatch> views) {
        NDArray loss = w.getArray().sum().mul(scale);
        if (nanSteps.contains(step++)) {
            loss = loss.mul(Float.NaN);
        }
        return new StepOutput(loss, Map.of());
    }
}
