package org.sdrnet.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backbone + projector (the encoder f) + predictor h of a Siamese self-supervised method such as
 * SimSiam (Chen &amp; He, 2021). Parameters are named {@code backbone.*}, {@code projector.*},
 * {@code predictor.*}; only the backbone survives pretraining.
 */
public final class SiameseNetwork implements NamedParameters {

    /** One forward pass: backbone feature y, projection z and prediction p. */
    public record Output(NDArray features, NDArray projection, NDArray prediction) {
    }

    private final ResNetBackbone backbone;
    private final MlpHead projector;
    private final MlpHead predictor;

    public SiameseNetwork(ResNetBackbone backbone, MlpHead projector, MlpHead predictor) {
        if (projector.inputDim() != backbone.spec().featureDim() || predictor.inputDim() != projector.outputDim()) {
            throw new IllegalArgumentException("head sizes do not chain: backbone " + backbone.spec().featureDim()
                    + " -> projector " + projector.inputDim() + ".." + projector.outputDim() + " -> predictor " + predictor.inputDim());
        }
        this.backbone = backbone;
        this.projector = projector;
        this.predictor = predictor;
    }

    /** SimSiam's layout at a chosen scale. */
    public static SiameseNetwork simSiam(ResNetSpec spec, int projectorHidden, int projectionDim, int predictorHidden) {
        return new SiameseNetwork(new ResNetBackbone(spec), MlpHead.simSiamProjector(spec.featureDim(), projectorHidden, projectionDim),
                MlpHead.simSiamPredictor(projectionDim, predictorHidden));
    }

    /** Allocates and initialises every parameter on {@code manager}'s device, deterministically for a seed. */
    public void initialize(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        ResNetSpec spec = backbone.spec();
        Shape input = new Shape(2, spec.inChannels(), spec.imageSize(), spec.imageSize());
        backbone.initialize(manager, DataType.FLOAT32, input);
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, spec.featureDim()));
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, projector.outputDim()));
    }

    public Output forward(ParameterStore ps, NDArray images, boolean training) {
        NDArray y = backbone.forward(ps, new NDList(images), training).singletonOrThrow();
        NDArray z = projector.forward(ps, new NDList(y), training).singletonOrThrow();
        NDArray p = predictor.forward(ps, new NDList(z), training).singletonOrThrow();
        return new Output(y, z, p);
    }

    public ResNetBackbone backbone() {
        return backbone;
    }

    public MlpHead projector() {
        return projector;
    }

    public MlpHead predictor() {
        return predictor;
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
