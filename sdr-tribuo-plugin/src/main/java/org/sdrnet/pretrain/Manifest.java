package org.sdrnet.pretrain;

import org.sdrnet.nn.BackboneSpec;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint is: written as {@code manifest.json} beside its tensor files. It records everything needed
 * to resume or reproduce the run (method, architecture, settings, seed, data fingerprint, position in the
 * schedule) and where it came from (library and engine versions, device, time).
 *
 * @param formatVersion checkpoint layout version (see {@link CheckpointStore#FORMAT_VERSION})
 * @param method        pretraining method name, e.g. {@code unified}
 * @param backbone      architecture of the backbone
 * @param settings      the method's settings, as written by the method
 * @param seed          the run's seed (all sampling derives from it and the step)
 * @param data          the pretraining data
 * @param progress      position in the schedule
 * @param provenance    versions, device, host-independent facts about the run
 * @param files         SHA-256 of each tensor file, verified when it is read (null in checkpoints written before the
 *                      digests: those are read unverified)
 */
public record Manifest(int formatVersion, String method, BackboneSpec backbone, Map<String, Object> settings, long seed,
                       DataInfo data, Progress progress, Map<String, String> provenance, Map<String, String> files) {

    /** A manifest whose tensor files are not yet written ({@link CheckpointStore#write} adds their digests). */
    public Manifest(int formatVersion, String method, BackboneSpec backbone, Map<String, Object> settings, long seed,
                    DataInfo data, Progress progress, Map<String, String> provenance) {
        this(formatVersion, method, backbone, settings, seed, data, progress, provenance, null);
    }

    /** This manifest with the digests of its tensor files. */
    public Manifest withFiles(Map<String, String> digests) {
        return new Manifest(formatVersion, method, backbone, settings, seed, data, progress, provenance, Collections.unmodifiableMap(new TreeMap<>(digests))); // written sorted
    }

    /** The pretraining data: name, number of images and content fingerprint. */
    public record DataInfo(String name, int images, String fingerprint) {
    }

    /**
     * Position in the schedule.
     *
     * @param globalStep optimizer steps done
     * @param totalSteps optimizer steps planned
     * @param epoch      the epoch the next step belongs to
     * @param finished   true once every planned step is done
     */
    public record Progress(long globalStep, long totalSteps, int epoch, boolean finished) {
    }
}
