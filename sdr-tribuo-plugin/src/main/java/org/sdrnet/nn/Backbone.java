package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain, trained backbone: its spec, its named weights (backbone only: no heads), and where it came from.
 * The unit that routing chooses, the ONNX writer exports and the feature extractors run.
 *
 * @param spec       architecture
 * @param weights    every parameter of the spec's DJL block ({@link BackboneSpec#newBlock()}) by name, including BatchNorm
 *                   running statistics, in the given order (iteration order is the same on every run, unlike {@code Map.copyOf})
 * @param provenance free-form facts: checkpoint, method, sub-net id, data fingerprint, …
 */
public record Backbone(BackboneSpec spec, Map<String, HostTensor> weights, Map<String, String> provenance) {
    public Backbone {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights)); // keeps the layer order on every JVM
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** A randomly initialised backbone (the baseline a pretrained one must beat), deterministic for a seed. */
    public static Backbone randomInit(BackboneSpec spec, long seed) {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            manager.getEngine().setRandomSeed((int) seed);
            ParameterBlock net = spec.newBlock();
            net.initialize(manager, DataType.FLOAT32, spec.inputShape(2));
            Map<String, HostTensor> w = new LinkedHashMap<>();
            net.namedParameters().forEach((k, p) -> w.put(k, HostTensor.of(p.getArray())));
            return new Backbone(spec, w, Map.of("method", "random-init", "seed", Long.toString(seed)));
        }
    }

    /** The DJL block with these weights, allocated on {@code manager}'s device (strict: names and shapes must match). */
    public ParameterBlock toDjl(NDManager manager) {
        ParameterBlock net = spec.newBlock();
        net.initialize(manager, DataType.FLOAT32, spec.inputShape(2));
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        try (NDManager tmp = manager.newSubManager()) {
            weights.forEach((k, t) -> arrays.put(k, t.toNDArray(tmp)));
            Weights.load(net.namedParameters(), arrays, "backbone " + spec.name() + " " + provenance.getOrDefault("checkpoint", ""));
        }
        return net;
    }
}
