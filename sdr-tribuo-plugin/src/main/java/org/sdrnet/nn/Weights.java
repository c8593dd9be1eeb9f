package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict transfer of named weights between networks and files: a missing parameter, an unexpected one or
 * a shape mismatch is an error naming it, never a silent partial load.
 */
public final class Weights {
    private Weights() {
    }

    /**
     * Overwrites {@code dst}'s values with {@code src}'s, in place, in {@code dst}'s own memory. Not {@code set} or
     * {@code copyTo}: on CPU, DJL points the target tensor at a Java-owned buffer (or at the source's memory) instead
     * of copying, which aliased parameters and corrupted native memory in long runs. {@code dst} must hold finite values.
     */
    public static void assign(NDArray dst, NDArray src) {
        try (NDArray zero = dst.getManager().create(0f)) {
            dst.muli(zero).addi(src);
        }
    }

    /** The current arrays of {@code parameters}, by name. */
    public static Map<String, NDArray> arrays(Map<String, Parameter> parameters) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        parameters.forEach((k, p) -> out.put(k, p.getArray()));
        return out;
    }

    /** Copies {@code source} into {@code target} in place; names and shapes must match exactly. */
    public static void load(Map<String, Parameter> target, Map<String, NDArray> source, String origin) {
        Set<String> missing = new TreeSet<>(target.keySet());
        missing.removeAll(source.keySet());
        Set<String> unexpected = new TreeSet<>(source.keySet());
        unexpected.removeAll(target.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("weights from " + origin + " do not match the network: missing "
                    + missing + ", unexpected " + unexpected);
        }
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            NDArray dst = e.getValue().getArray();
            NDArray src = source.get(e.getKey());
            if (!dst.getShape().equals(src.getShape())) {
                throw new IllegalArgumentException("weights from " + origin + ": parameter " + e.getKey() + " has shape "
                        + src.getShape() + " but the network expects " + dst.getShape());
            }
            assign(dst, src.toDevice(dst.getDevice(), false).toType(dst.getDataType(), false));
        }
    }
}
