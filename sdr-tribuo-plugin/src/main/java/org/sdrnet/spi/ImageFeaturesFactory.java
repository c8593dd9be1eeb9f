package org.sdrnet.spi;

import org.sdrnet.nn.ImageFeatures;

/**
 * Opens a frozen backbone of one type as {@link ImageFeatures}; the extension point that lets
 * {@code SdrFeatureExtractor} run backbones it does not know. Found by {@link #name()} (the backbone type) through
 * {@link java.util.ServiceLoader}: this module registers {@code djl-checkpoint}, {@code djl-tensors} and
 * {@code onnx} (ONNX Runtime) by listing its factories in
 * {@code META-INF/services/org.sdrnet.spi.ImageFeaturesFactory}.
 * <p>
 * A backbone of a type whose {@link BackboneLocation#path()} is a single file (as for {@code onnx}) is saved with an
 * {@code SdrModel} by copying that file, and verified on load by its SHA-256.
 */
public interface ImageFeaturesFactory extends Named {

    /**
     * Opens the backbone at {@code location}; the caller closes the result. Throws
     * {@link IllegalArgumentException} naming the path when it is missing or not a backbone of this type.
     */
    ImageFeatures open(BackboneLocation location);
}
