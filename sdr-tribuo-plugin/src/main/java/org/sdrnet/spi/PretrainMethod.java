package org.sdrnet.spi;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.BackboneSpec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pretraining method (METHODS.md): {@code unified} (SimSiam on all data), later {@code sdr}, {@code dspnet},
 * {@code tec}, {@code trex}. Found by name through {@link Services}; a user may register their own.
 */
public interface PretrainMethod extends Named {

    /**
     * One pretraining job.
     *
     * @param pool     the images; labels, if any, are ignored unless the method {@link #needsLabels() needs labels}
     * @param backbone architecture to pretrain
     * @param loop     loop settings (epochs, batch, schedule, seed)
     * @param runDir   where the checkpoint and logs go
     * @param resume   continue the checkpoint in {@code runDir} instead of refusing to overwrite it
     * @param device   where to compute
     * @param options  method-specific settings by name (see {@link #options()}); unknown names are errors
     */
    record Request(ImageSet pool, BackboneSpec backbone, LoopSettings loop, Path runDir, boolean resume, Device device,
                   Map<String, String> options) {
        public Request {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options)); // applied in the order given
            if (pool.isEmpty()) {
                throw new IllegalArgumentException("pretraining pool '" + pool.name() + "' is empty");
            }
        }

        /** A request without method-specific options. */
        public Request(ImageSet pool, BackboneSpec backbone, LoopSettings loop, Path runDir, boolean resume, Device device) {
            this(pool, backbone, loop, runDir, resume, device, Map.of());
        }
    }

    /**
     * Whether the method trains on the pool's labels (supervised pretraining such as {@code trex}): callers then give it
     * a labelled pool (class folders, a labelled catalog pool) and never analysis-only labels such as a mixed pool's
     * domains. Default: no, labels are ignored.
     */
    default boolean needsLabels() {
        return false;
    }

    /**
     * The loop settings a run of this method starts from where the user sets none, given its method-specific
     * {@code options} (e.g. an AdamW-sized learning rate for a method trained with AdamW). Default:
     * {@link LoopSettings#defaults()}, sized for SGD.
     */
    default LoopSettings loopDefaults(Map<String, String> options) {
        return LoopSettings.defaults();
    }

    /** The method-specific options this method accepts, with a one-line description each. Default: none. */
    default Map<String, String> options() {
        return Map.of();
    }

    /** Throws when {@code request} carries an option this method does not know, listing the ones it does. */
    default void checkOptions(Request request) {
        for (String k : request.options().keySet()) {
            if (!options().containsKey(k)) {
                throw new IllegalArgumentException("method '" + name() + "' has no option '" + k + "'; "
                        + (options().isEmpty() ? "it takes none" : "available: " + String.join(", ", new java.util.TreeSet<>(options().keySet()))));
            }
        }
    }

    /** Trains (or resumes) and leaves a checkpoint in {@code request.runDir()}. */
    TrainingSummary pretrain(Request request);
}
