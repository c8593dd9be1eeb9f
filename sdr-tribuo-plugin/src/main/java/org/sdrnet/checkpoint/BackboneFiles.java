package org.sdrnet.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.io.TensorFile;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.HostTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code djl-tensors} backbone format: a directory with {@value #HEADER} (format version, spec, provenance) and
 * {@value #WEIGHTS} (a {@link TensorFile}). It is how a chosen sub-net or any in-process {@link Backbone} is stored
 * on its own, e.g. inside a saved {@code SdrModel}, and reopened without its checkpoint or SDR run.
 */
public final class BackboneFiles {
    public static final String HEADER = "backbone.json";
    public static final String WEIGHTS = "weights.tensors";
    public static final int FORMAT_VERSION = 1;

    /** What {@value #HEADER} holds. */
    record Header(int formatVersion, BackboneSpec spec, Map<String, String> provenance) {
    }

    private BackboneFiles() {
    }

    /** Writes {@code backbone} to {@code dir} atomically; an existing backbone directory there is replaced. */
    public static void write(Path dir, Backbone backbone) {
        AtomicFiles.writeDirectory(dir, HEADER, "backbone directory", tmp -> writeInto(tmp, backbone));
    }

    /** Writes the two files into the existing (temporary) directory {@code dir}. */
    public static void writeInto(Path dir, Backbone backbone) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            backbone.weights().forEach((k, t) -> arrays.put(k, t.toNDArray(manager)));
            TensorFile.write(dir.resolve(WEIGHTS), arrays);
        }
        // the header goes last: a directory with a header has its weights
        Json.INDENTED.writeValue(dir.resolve(HEADER).toFile(), new Header(FORMAT_VERSION, backbone.spec(), backbone.provenance()));
    }

    /** Reads the backbone saved in {@code dir}; a clear error naming the directory when it is not one. */
    public static Backbone read(Path dir) {
        Path header = dir.resolve(HEADER);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("backbone directory " + dir + " does not exist");
        }
        if (!Files.isRegularFile(header)) {
            throw new IllegalArgumentException("not a saved backbone: " + dir + " has no " + HEADER);
        }
        Header h;
        try {
            h = Json.INDENTED.readValue(header.toFile(), Header.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("backbone " + dir + ": unreadable " + HEADER + " (" + e.getMessage() + ")", e);
        }
        if (h.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("backbone " + dir + " has format version " + h.formatVersion()
                    + "; this build reads version " + FORMAT_VERSION);
        }
        if (h.spec() == null) {
            throw new IllegalArgumentException("backbone " + dir + ": " + HEADER + " has no spec");
        }
        Map<String, HostTensor> weights = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TensorFile.read(dir.resolve(WEIGHTS), manager).forEach((k, a) -> weights.put(k, HostTensor.of(a)));
        } catch (IOException e) {
            throw new IllegalArgumentException("backbone " + dir + ": " + e.getMessage(), e);
        }
        return new Backbone(h.spec(), weights, h.provenance() == null ? Map.of() : h.provenance());
    }
}
