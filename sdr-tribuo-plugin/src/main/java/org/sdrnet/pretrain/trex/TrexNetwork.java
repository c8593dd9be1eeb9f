package org.sdrnet.pretrain.trex;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.ResNetBackbone;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backbone plus t-ReX's optional projector ({@code backbone.*}, {@code projector.*}): the student, and the shape of its
 * EMA copy. {@link #embed} gives the feature the classifier sees: the normalised projection (or the normalised backbone
 * feature without a projector), or for the {@code linear} baseline the raw backbone feature.
 */
public final class TrexNetwork implements NamedParameters {
    private final ResNetSpec spec;
    private final ResNetBackbone backbone;
    private final TrexProjector projector;
    private final boolean normalizeOutput;

    public TrexNetwork(ResNetSpec spec, TrexSettings s) {
        this.spec = spec;
        this.backbone = new ResNetBackbone(spec);
        this.projector = s.hasProjector()
                ? new TrexProjector(spec.featureDim(), s.projectorDepth(), s.projectorHidden(), s.projectionDim()) : null;
        this.normalizeOutput = s.classifier() != TrexSettings.Classifier.LINEAR;
    }

    /** Allocates and initialises every parameter on {@code manager}'s device, deterministically for a seed. */
    public void initialize(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        allocate(manager);
    }

    /** Allocates every parameter without reseeding the engine (for a copy whose values are assigned next). */
    void allocate(NDManager manager) {
        backbone.initialize(manager, DataType.FLOAT32, new Shape(2, spec.inChannels(), spec.imageSize(), spec.imageSize()));
        if (projector != null) {
            projector.initialize(manager, DataType.FLOAT32, new Shape(2, spec.featureDim()));
        }
    }

    public ResNetSpec spec() {
        return spec;
    }

    /** Width of {@link #embed}'s output. */
    public int embeddingDim() {
        return projector != null ? projector.outputDim() : spec.featureDim();
    }

    /** The feature the classifier sees, [n, {@link #embeddingDim()}]. */
    public NDArray embed(ParameterStore ps, NDArray images, boolean training) {
        NDArray y = backbone.forward(ps, new NDList(images), training).singletonOrThrow();
        if (projector != null) {
            y = projector.forward(ps, new NDList(y), training).singletonOrThrow();
        }
        return normalizeOutput ? TrexProjector.normalize(y) : y;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        backbone.namedParameters().forEach((k, v) -> all.put("backbone." + k, v));
        if (projector != null) {
            projector.namedParameters().forEach((k, v) -> all.put("projector." + k, v));
        }
        return all;
    }
}
