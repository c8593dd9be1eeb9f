package org.sdrnet.runtime;

import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;

import java.util.Locale;

/**
 * Backbone type {@code onnx}: a backbone file exported by {@code sdr export} (module sdr-onnx-export), run with ONNX
 * Runtime; the production path. Device {@code gpu}/{@code gpu:N} asks for the CUDA execution provider (with the
 * {@code gpu} Maven profile), falling back to the CPU with a warning when none is usable.
 */
public final class OnnxFeatures implements ImageFeaturesFactory {
    public static final String NAME = "onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "an exported .onnx backbone, run with ONNX Runtime";
    }

    @Override
    public ImageFeatures open(BackboneLocation location) {
        if (location.hasSubnet()) {
            throw new IllegalArgumentException("backbone " + location.path() + " of type " + NAME
                    + " is one exported network; sub-net path '" + location.subnetPath() + "' does not apply");
        }
        String d = location.device().toLowerCase(Locale.ROOT);
        boolean cuda = d.startsWith("gpu");
        int id = d.startsWith("gpu:") ? Integer.parseInt(d.substring(4)) : 0;
        return OnnxBackboneRunner.open(location.path(), new OnnxRunnerSettings(location.batchSize(), 0, 0, cuda, id));
    }
}
