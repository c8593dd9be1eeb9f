package org.sdrnet.pretrain.trex;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ParameterBlock;
import org.sdrnet.pretrain.loss.SiameseLosses;

/**
 * The learned class weights of t-ReX's baselines (METHODS.md §4, claims to test): a plain linear classifier
 * (logits = x·Wᵀ + b) or a cosine classifier (logits = x̂·Ŵᵀ / τ, no bias). Discarded after pretraining.
 */
public final class LearnedClassifier extends ParameterBlock {
    private final boolean cosine;
    private final float temperature;
    private final int numClasses;

    private LearnedClassifier(int inputDim, int numClasses, boolean cosine, float temperature) {
        this.cosine = cosine;
        this.temperature = temperature;
        this.numClasses = numClasses;
        declare(Layers.linearWeight("weight", numClasses, inputDim));
        if (!cosine) {
            declare(Layers.bias("bias", numClasses));
        }
    }

    public static LearnedClassifier linear(int inputDim, int numClasses) {
        return new LearnedClassifier(inputDim, numClasses, false, 1f);
    }

    public static LearnedClassifier cosine(int inputDim, int numClasses, float temperature) {
        return new LearnedClassifier(inputDim, numClasses, true, temperature);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device d = x.getDevice();
        NDArray w = value(ps, "weight", d, training);
        if (cosine) {
            return new NDList(SiameseLosses.scaled(TrexProjector.normalize(x).matMul(TrexProjector.normalize(w).transpose()), 1f / temperature));
        }
        return new NDList(Linear.linear(x, w, value(ps, "bias", d, training)).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }
}
