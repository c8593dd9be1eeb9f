package org.sdrnet.spi;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.pretrain.LoopSettings;
import org.sdrnet.pretrain.TrainingLoop;

import java.nio.file.Path;

/**
 * A pretraining method (METHODS.md): {@code unified} (SimSiam on all data), later {@code sdr}, {@code dspnet},
 * {@code tec}, {@code trex}. Found by name through {@link Services}; a user may register their own.
 */
public interface PretrainMethod extends Named {

    /**
     * One pretraining job.
     *
     * @param pool     unlabeled images (labels, if any, are ignored)
     * @param backbone architecture to pretrain
     * @param loop     loop settings (epochs, batch, schedule, seed)
     * @param runDir   where the checkpoint and logs go
     * @param resume   continue the checkpoint in {@code runDir} instead of refusing to overwrite it
     * @param device   where to compute
     */
    record Request(ImageSet pool, BackboneSpec backbone, LoopSettings loop, Path runDir, boolean resume, Device device) {
    }

    /** Trains (or resumes) and leaves a checkpoint in {@code request.runDir()}. */
    TrainingLoop.Summary pretrain(Request request);
}
