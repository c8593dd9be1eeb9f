package org.sdrnet.checkpoint;

import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;

/**
 * Backbone type {@code djl-tensors}: a backbone saved on its own by {@link BackboneFiles} (spec JSON plus a tensor
 * file), run in-process with DJL. Saved {@code SdrModel}s store DJL backbones this way.
 */
public final class DjlTensorsFeatures implements ImageFeaturesFactory {
    public static final String NAME = "djl-tensors";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a saved backbone directory (" + BackboneFiles.HEADER + " + " + BackboneFiles.WEIGHTS + "), DJL in-process";
    }

    @Override
    public ImageFeatures open(BackboneLocation location) {
        if (location.hasSubnet()) {
            throw new IllegalArgumentException("backbone " + location.path() + " of type " + NAME
                    + " is a single backbone; sub-net path '" + location.subnetPath() + "' does not apply");
        }
        return new DjlFeatureExtractor(BackboneFiles.read(location.path()), Devices.choose(location.device()),
                Normalization.DEFAULT, location.batchSize());
    }
}
