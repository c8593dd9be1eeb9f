package org.sdrnet.onnx;

import org.sdrnet.nn.HostTensor;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict access to a backbone's named weights while the graph is written: each parameter is taken once with the
 * shape the spec implies, and parameters the graph never took are an error. A missing, misshapen or unexpected
 * weight must never become a silently different network in the exported file.
 */
final class BackboneWeights {
    private final Map<String, HostTensor> weights;
    private final String label;
    private final Set<String> taken = new LinkedHashSet<>();

    BackboneWeights(Map<String, HostTensor> weights, String label) {
        this.weights = weights;
        this.label = label;
    }

    /** The values of {@code name}, which must have exactly {@code shape}. */
    float[] take(String name, long... shape) {
        HostTensor t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException(label + ": weight '" + name + "' is missing");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(label + ": weight '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", the spec needs " + Arrays.toString(shape));
        }
        if (!taken.add(name)) {
            throw new IllegalStateException(label + ": weight '" + name + "' was used twice while writing the graph");
        }
        return t.values();
    }

    /** Fails when a weight was never used: the spec and the weights describe different networks. */
    void requireAllTaken() {
        Set<String> unused = new TreeSet<>(weights.keySet());
        unused.removeAll(taken);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(label + ": " + unused.size() + " weight(s) not part of the spec: " + unused);
        }
    }
}
