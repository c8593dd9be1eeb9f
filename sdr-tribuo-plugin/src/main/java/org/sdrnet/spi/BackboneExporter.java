package org.sdrnet.spi;

import org.sdrnet.nn.Backbone;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link Backbone} to a deployable file, verified against the in-process DJL rendering before the file
 * appears on disk. The {@code onnx} exporter lives in the {@code sdr-onnx-export} module.
 */
public interface BackboneExporter extends Named {

    /**
     * One export.
     *
     * @param backbone  spec + weights + provenance
     * @param mean      per-channel input mean the images are normalised with (recorded in the file)
     * @param std       per-channel input std
     * @param out       destination file; never left half-written
     * @param metadata  extra key/values to store (method, sub-net id, routing report, …)
     */
    record Request(Backbone backbone, float[] mean, float[] std, Path out, Map<String, String> metadata) {
    }

    /** What was written and how closely the exported model reproduces DJL. */
    record Report(Path file, long bytes, double maxAbsDifference, Map<String, String> metadata) {
    }

    /** Exports and verifies; throws (leaving nothing at {@code out}) when verification fails. */
    Report export(Request request);
}
