package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.sdrnet.data.ImageSet;
import org.sdrnet.io.Json;
import org.sdrnet.io.Versions;
import org.sdrnet.nn.Weights;
import org.sdrnet.spi.LoopSettings;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint of one training run: resuming from it (after checking that it belongs to this method, backbone,
 * data, seed and trajectory) and writing it, with the manifest's settings and provenance.
 */
final class RunCheckpoint {
    private final Path dir;
    private final TrainingObjective objective;
    private final ImageSet pool;
    private final LoopSettings settings;
    private final Device device;

    RunCheckpoint(Path dir, TrainingObjective objective, ImageSet pool, LoopSettings settings, Device device) {
        this.dir = dir;
        this.objective = objective;
        this.pool = pool;
        this.settings = settings;
        this.device = device;
    }

    Path dir() {
        return dir;
    }

    boolean exists() {
        return CheckpointStore.exists(dir);
    }

    /** Loads weights and optimizer state into {@code params} and {@code optimizer}; returns the global step to go on from. */
    long restore(Map<String, Parameter> params, Optimizer optimizer, NDManager manager) {
        Manifest m = CheckpointStore.manifest(dir);
        requireCompatible(m);
        try (NDManager load = manager.newSubManager()) {
            Weights.load(params, CheckpointStore.tensors(dir, CheckpointStore.MODEL, load), dir.toString());
            optimizer.restore(CheckpointStore.tensors(dir, CheckpointStore.OPTIMIZER, load));
        }
        return m.progress().globalStep();
    }

    /**
     * Writes the checkpoint after {@code globalStep} of {@code total} steps (atomically replacing the previous one).
     * Weights that are no longer finite are never written: the run stops with a message and the last good checkpoint
     * stays (a diverged run must not leave a checkpoint that looks usable).
     */
    void save(Optimizer optimizer, long globalStep, long total, int stepsPerEpoch) {
        for (Map.Entry<String, Parameter> e : objective.parameters().entrySet()) {
            if (!finite(e.getValue().getArray())) {
                throw new IllegalStateException(objective.progressLabel() + ": training diverged: parameter " + e.getKey()
                        + " is not finite at step " + globalStep + " (learning rate " + settings.baseLr() + " at batch 256); "
                        + (exists() ? "the last good checkpoint in " + dir + " is kept" : "no checkpoint was written")
                        + "; lower the learning rate");
            }
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("library", "sdr-tribuo " + Versions.library());
        provenance.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        provenance.put("device", device.toString());
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("writtenAt", Instant.now().toString());
        Manifest m = new Manifest(CheckpointStore.FORMAT_VERSION, objective.method(), objective.backbone(), settingsRecord(),
                settings.seed(), new Manifest.DataInfo(pool.name(), pool.size(), pool.fingerprint()),
                new Manifest.Progress(globalStep, total, (int) (globalStep / stepsPerEpoch), globalStep == total),
                provenance);
        Map<String, Map<String, NDArray>> files = new LinkedHashMap<>();
        files.put(CheckpointStore.MODEL, Weights.arrays(objective.parameters()));
        files.put(CheckpointStore.OPTIMIZER, optimizer.state());
        CheckpointStore.write(dir, m, files);
    }

    /** True when every value of {@code a} is finite (a finite sum proves it; weights near 1e38 fail too, as they should). */
    private static boolean finite(NDArray a) {
        NDArray sum = a.sum();
        try {
            return Float.isFinite(sum.getFloat());
        } finally {
            sum.close();
        }
    }

    /** The objective's settings plus the loop's trajectory: what a resumed run must match. */
    private Map<String, Object> settingsRecord() {
        Map<String, Object> all = new LinkedHashMap<>(objective.settings());
        all.put("loop", settings.trajectory().asMap());
        return all;
    }

    private void requireCompatible(Manifest m) {
        String problem = null;
        if (!m.method().equals(objective.method())) {
            problem = "method " + m.method() + " vs " + objective.method();
        } else if (!m.backbone().equals(objective.backbone())) {
            problem = "backbone " + m.backbone() + " vs " + objective.backbone();
        } else if (m.seed() != settings.seed()) {
            problem = "seed " + m.seed() + " vs " + settings.seed(); // first: the pool's sampling depends on it too
        } else if (!m.data().fingerprint().equals(pool.fingerprint())) {
            problem = "data " + m.data().name() + " (" + m.data().images() + " images) vs " + pool.name() + " (" + pool.size()
                    + " images): different fingerprints";
        } else {
            Map<?, ?> saved = Json.MAPPER.convertValue(m.settings(), Map.class);
            Map<?, ?> current = Json.MAPPER.convertValue(settingsRecord(), Map.class);
            if (!saved.equals(current)) {
                problem = "settings " + saved + " vs " + current;
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("checkpoint " + dir + " does not match this run: " + problem);
        }
    }
}
