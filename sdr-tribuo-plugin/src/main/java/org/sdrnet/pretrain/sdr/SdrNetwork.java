package org.sdrnet.pretrain.sdr;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.MlpHead;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.SdrNet;
import org.sdrnet.nn.SdrSpec;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SDRnet with the SimSiam heads every sub-net shares [our choice]: parameters {@code sdrnet.*},
 * {@code projector.*}, {@code predictor.*}. Both the student of a level and its frozen SiamKD teacher are one of these.
 */
public final class SdrNetwork implements NamedParameters {
    static final String BACKBONE = "sdrnet.";
    final SdrNet net;
    final MlpHead projector;
    final MlpHead predictor;

    public SdrNetwork(SdrSpec spec, SimSiamSettings heads) {
        this(spec, heads, false);
    }

    /** With {@code layerFanOutInit}, split convolutions start as whole layers would ({@link SdrNet#SdrNet(SdrSpec, boolean)}). */
    public SdrNetwork(SdrSpec spec, SimSiamSettings heads, boolean layerFanOutInit) {
        this.net = new SdrNet(spec, layerFanOutInit);
        this.projector = MlpHead.simSiamProjector(spec.base().featureDim(), heads.projectorHidden(), heads.projectionDim());
        this.predictor = MlpHead.simSiamPredictor(heads.projectionDim(), heads.predictorHidden());
    }

    public void initialize(NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        int size = net.spec().base().imageSize();
        net.initialize(manager, DataType.FLOAT32, new Shape(2, net.spec().base().inChannels(), size, size));
        projector.initialize(manager, DataType.FLOAT32, new Shape(2, net.spec().base().featureDim()));
        predictor.initialize(manager, DataType.FLOAT32, new Shape(2, projector.outputDim()));
    }

    /** Projection z (and prediction p when {@code predict}) of images routed by {@code routing}. */
    NDArray[] forward(ParameterStore ps, NDArray images, boolean training, SdrNet.Routing routing, boolean predict) {
        NDArray y = net.forward(ps, images, training, routing);
        NDArray z = projector.forward(ps, new NDList(y), training).singletonOrThrow();
        if (!predict) {
            return new NDArray[] {z};
        }
        return new NDArray[] {z, predictor.forward(ps, new NDList(z), training).singletonOrThrow()};
    }

    /** Freezes every parameter (a SiamKD teacher). */
    void freeze() {
        namedParameters().values().forEach(p -> p.freeze(true));
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> all.put(BACKBONE + k, v));
        projector.namedParameters().forEach((k, v) -> all.put("projector." + k, v));
        predictor.namedParameters().forEach((k, v) -> all.put("predictor." + k, v));
        return all;
    }
}
