package org.sdrnet.spi;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a frozen backbone comes from and how to run it: what an {@link ImageFeaturesFactory} needs to open one.
 *
 * @param type       backbone type, the name of the factory ({@code djl-checkpoint}, {@code djl-tensors}, {@code onnx}, …)
 * @param path       checkpoint or run directory, saved backbone directory, or model file
 * @param subnetPath sub-net of an SDR run as comma-separated stage choices ({@code 0,3,1,2}); empty when not an SDR run
 * @param device     {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param batchSize  images per forward pass
 */
public record BackboneLocation(String type, Path path, String subnetPath, String device, int batchSize) {
    public BackboneLocation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        subnetPath = subnetPath == null ? "" : subnetPath.trim();
        device = device == null ? "auto" : device;
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
    }

    /** True when a sub-net is requested. */
    public boolean hasSubnet() {
        return !subnetPath.isEmpty();
    }

    /** The sub-net path as stage choices; a clear error when it is not a comma-separated list of non-negative integers. */
    public int[] subnet() {
        if (!hasSubnet()) {
            return new int[0];
        }
        try {
            int[] p = Arrays.stream(subnetPath.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(p).anyMatch(i -> i < 0)) {
                throw new NumberFormatException("negative choice");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad sub-net path '" + subnetPath
                    + "': expected comma-separated non-negative stage choices such as 0,3,1,2");
        }
    }
}
