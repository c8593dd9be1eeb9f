package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.io.Sha256;
import org.sdrnet.io.TensorFile;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes checkpoint directories: {@code manifest.json} plus named tensor files
 * ({@code model.tensors}, {@code optimizer.tensors}, method extras). A checkpoint is assembled in a temporary
 * sibling directory and renamed into place; the previous one is kept as {@code NAME.old} until the rename has
 * happened, so a crash at any moment leaves one complete checkpoint on disk.
 */
public final class CheckpointStore {
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model.tensors";
    public static final String OPTIMIZER = "optimizer.tensors";
    /** Prefix of the backbone's parameters among a method's network parameters. */
    public static final String BACKBONE_PREFIX = "backbone.";

    private CheckpointStore() {
    }

    /** Writes a checkpoint at {@code dir} atomically, replacing any previous one there. */
    public static void write(Path dir, Manifest manifest, Map<String, Map<String, NDArray>> tensorFiles) {
        AtomicFiles.writeDirectory(dir, MANIFEST, "checkpoint", tmp -> {
            Map<String, String> digests = new TreeMap<>();
            for (Map.Entry<String, Map<String, NDArray>> f : tensorFiles.entrySet()) {
                TensorFile.write(tmp.resolve(f.getKey()), f.getValue());
                digests.put(f.getKey(), Sha256.ofFile(tmp.resolve(f.getKey())));
            }
            // the manifest goes last: a directory with a manifest has all its files
            Json.INDENTED.writeValue(tmp.resolve(MANIFEST).toFile(), manifest.withFiles(digests));
        });
    }

    /** True when {@code dir} (or its kept predecessor after an interrupted replace) holds a checkpoint. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(resolve(dir).resolve(MANIFEST));
    }

    /** Reads the manifest of the checkpoint at {@code dir}; a clear error when it is not a checkpoint. */
    public static Manifest manifest(Path dir) {
        Path d = resolve(dir);
        Path m = d.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            throw new IllegalArgumentException("not a checkpoint: " + dir + " has no " + MANIFEST);
        }
        try {
            Manifest manifest = Json.INDENTED.readValue(m.toFile(), Manifest.class);
            if (manifest.formatVersion() != FORMAT_VERSION) {
                throw new IllegalArgumentException("checkpoint " + dir + " has format version " + manifest.formatVersion()
                        + "; this build reads version " + FORMAT_VERSION);
            }
            return manifest;
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint " + dir + ": unreadable " + MANIFEST + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads tensor file {@code name} of the checkpoint at {@code dir} onto {@code manager}'s device, after checking it
     * against the SHA-256 its manifest recorded (a flipped bit is an error naming the file, not silent garbage).
     */
    public static Map<String, NDArray> tensors(Path dir, String name, NDManager manager) {
        Path f = resolve(dir).resolve(name);
        Map<String, String> digests = manifest(dir).files();
        if (digests != null && Files.isRegularFile(f)) {
            String expected = digests.get(name);
            if (expected == null) {
                throw new IllegalArgumentException("checkpoint " + dir + ": its manifest records no digest for " + name);
            }
            String actual = Sha256.ofFile(f);
            if (!actual.equals(expected)) {
                throw new IllegalArgumentException("checkpoint " + dir + ": " + name + " does not match the SHA-256 its manifest "
                        + "recorded (" + expected.substring(0, 12) + "…, file " + actual.substring(0, 12) + "…); the file changed "
                        + "after it was written");
            }
        }
        try {
            return TensorFile.read(f, manager);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The trained backbone of the checkpoint at {@code dir} (its {@code backbone.*} parameters), with provenance. */
    public static Backbone backbone(Path dir) {
        Manifest m = manifest(dir);
        Map<String, HostTensor> w = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (Map.Entry<String, NDArray> e : tensors(dir, MODEL, manager).entrySet()) {
                if (e.getKey().startsWith(BACKBONE_PREFIX)) {
                    w.put(e.getKey().substring(BACKBONE_PREFIX.length()), HostTensor.of(e.getValue()));
                }
            }
        }
        if (w.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + dir + " holds no backbone.* parameters");
        }
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("checkpoint", dir.toAbsolutePath().toString());
        prov.put("method", m.method());
        prov.put("data", m.data().name());
        prov.put("dataFingerprint", m.data().fingerprint());
        prov.put("globalStep", Long.toString(m.progress().globalStep()));
        prov.put("seed", Long.toString(m.seed()));
        return new Backbone(m.backbone(), w, prov);
    }

    private static Path resolve(Path dir) {
        return AtomicFiles.readable(dir);
    }
}
