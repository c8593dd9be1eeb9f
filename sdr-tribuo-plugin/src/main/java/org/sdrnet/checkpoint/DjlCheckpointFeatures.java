package org.sdrnet.checkpoint;

import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Backbone type {@code djl-checkpoint}: the backbone of a pretraining checkpoint (or of a run directory holding
 * {@code checkpoint/}), or, with a sub-net path, one sub-net of a finished SDR run, run in-process with DJL.
 */
public final class DjlCheckpointFeatures implements ImageFeaturesFactory {
    public static final String NAME = "djl-checkpoint";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "backbone of a pretraining checkpoint or, with subnetPath, a sub-net of an SDR run (DJL, in-process)";
    }

    @Override
    public ImageFeatures open(BackboneLocation location) {
        return new DjlFeatureExtractor(backbone(location), Devices.choose(location.device()), Normalization.DEFAULT,
                location.batchSize());
    }

    static Backbone backbone(BackboneLocation location) {
        Path p = location.path();
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("backbone path " + p + " is not a directory; " + NAME
                    + " expects a checkpoint directory, a run directory or an SDR run directory");
        }
        boolean sdrRun = Files.isRegularFile(p.resolve(SdrMethod.TREE_FILE));
        if (location.hasSubnet()) {
            if (!sdrRun) {
                throw new IllegalArgumentException("sub-net path '" + location.subnetPath() + "' given, but " + p
                        + " is not an SDR run directory (no " + SdrMethod.TREE_FILE + ")");
            }
            return SdrRun.open(p).subnet(location.subnet());
        }
        if (sdrRun) {
            throw new IllegalArgumentException("SDR run " + p + " holds one sub-net per leaf of its cluster tree;"
                    + " set subnetPath (e.g. 0,3,1,2) to choose one");
        }
        Path dir = Files.isDirectory(p.resolve(TrainingLoop.CHECKPOINT_DIR)) ? p.resolve(TrainingLoop.CHECKPOINT_DIR) : p;
        return CheckpointStore.backbone(dir);
    }
}
