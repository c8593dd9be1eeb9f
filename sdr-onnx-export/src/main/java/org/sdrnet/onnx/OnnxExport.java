package org.sdrnet.onnx;

import ai.onnx.proto.OnnxMl;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Versions;
import org.sdrnet.nn.Backbone;
import org.sdrnet.runtime.BackboneExportProvenance;
import org.sdrnet.runtime.GraphChecksum;
import org.sdrnet.runtime.OnnxBackboneMetadata;
import org.sdrnet.spi.BackboneExporter;
import org.tribuo.ONNXExportable;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Exports a backbone to one verified {@code .onnx} file: writes the graph with {@link OnnxBackboneWriter}, runs it
 * in ONNX Runtime against DJL on a seeded batch ({@link OnnxExportOptions}), and only when the outputs agree within
 * the tolerance writes the file atomically, with the measured difference and Tribuo provenance in its metadata.
 * A refused export leaves nothing at the destination (an existing file there is kept as it was).
 * The plain-Java entry point for the CLI; {@link OnnxExporter} is the same behind the SPI.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** {@link #export(Backbone, Normalization, Path, OnnxExportOptions, Map)} without extra metadata. */
    public static BackboneExporter.Report export(Backbone backbone, Normalization normalization, Path out, OnnxExportOptions options) {
        return export(backbone, normalization, out, options, Map.of());
    }

    /**
     * Exports {@code backbone}.
     *
     * @param normalization the mean/std images must be normalised with; recorded in the file for the runner
     * @param out           destination file
     * @param options       BN folding and verification settings
     * @param metadata      facts to record beside the backbone's own provenance (sub-net id, routing report…);
     *                      they win over provenance entries of the same key
     * @return the file, its size, the measured max |ONNX Runtime − DJL| and the metadata written
     * @throws ExportVerificationException when the difference exceeds the tolerance (nothing written)
     * @throws IllegalArgumentException    when the weights do not match the spec
     */
    public static BackboneExporter.Report export(Backbone backbone, Normalization normalization, Path out,
                                                 OnnxExportOptions options, Map<String, String> metadata) {
        return export(backbone, normalization, out, options, metadata, UnaryOperator.identity());
    }

    /**
     * The export with a hook that changes the weights the ONNX graph is built from (DJL keeps the original ones):
     * tests use it to prove that a wrong graph is refused and leaves no file.
     */
    static BackboneExporter.Report export(Backbone backbone, Normalization normalization, Path out, OnnxExportOptions options,
                                          Map<String, String> metadata, UnaryOperator<Backbone> graphWeights) {
        Objects.requireNonNull(out, "out");
        if (backbone.spec().inChannels() != Normalization.CHANNELS) {
            throw new IllegalArgumentException("backbone " + backbone.spec() + " takes " + backbone.spec().inChannels()
                    + " channels; exported backbones take " + Normalization.CHANNELS + " (gray images are replicated)");
        }
        String version = Versions.library();
        OnnxBackboneMetadata meta = OnnxBackboneMetadata.of(backbone.spec(), normalization, options.foldBatchNorm(),
                VisionOperator.OPSET, version, source(backbone, metadata));
        OnnxBackboneWriter writer = new OnnxBackboneWriter(options.foldBatchNorm());
        OnnxMl.ModelProto model = writer.write(graphWeights.apply(backbone), meta.toProperties(), version);

        String label = out + " (in memory, before writing)";
        double diff;
        try {
            diff = ExportVerifier.maxAbsDifference(backbone, model.toByteArray(), label, options);
        } catch (RuntimeException e) {
            throw new ExportVerificationException("refusing to write " + out + ": ONNX Runtime could not run the exported graph: "
                    + e.getMessage() + "; nothing was written", e);
        }
        if (!(diff <= options.tolerance())) {
            throw new ExportVerificationException(String.format(Locale.ROOT,
                    "refusing to write %s: ONNX Runtime and DJL embeddings differ by max |diff| = %.3g > tolerance %.1g "
                            + "on %d seeded random images (seed %d, BN %s); nothing was written",
                    out, diff, options.tolerance(), options.verificationBatch(), options.verificationSeed(),
                    options.foldBatchNorm() ? "folded" : "separate"));
        }

        Map<String, String> props = new LinkedHashMap<>(meta.withVerifiedMaxAbsDifference(diff).toProperties());
        props.put(OnnxBackboneMetadata.GRAPH_SHA256_KEY, GraphChecksum.sha256(model.getGraph().toByteArray()));
        props.put(ONNXExportable.PROVENANCE_METADATA_FIELD, ONNXExportable.SERIALIZER.marshalAndSerialize(provenance(props)));
        byte[] bytes = OnnxBackboneWriter.withMetadata(model, props).toByteArray();
        AtomicFiles.writeBytes(out, bytes);
        return new BackboneExporter.Report(out, bytes.length, diff, Map.copyOf(props));
    }

    /** The backbone's provenance, then the caller's metadata (which wins on equal keys). */
    private static Map<String, String> source(Backbone backbone, Map<String, String> metadata) {
        Map<String, String> source = new LinkedHashMap<>(backbone.provenance());
        if (metadata != null) {
            metadata.forEach((k, v) -> {
                if (k == null || k.isBlank() || v == null) {
                    throw new IllegalArgumentException("export metadata needs non-blank keys and non-null values, got " + k + "=" + v);
                }
                source.put(k, v);
            });
        }
        return source;
    }

    /** Everything the metadata says, plus when and by whom, as Tribuo provenance. */
    private static BackboneExportProvenance provenance(Map<String, String> props) {
        Map<String, String> fields = new LinkedHashMap<>(props);
        fields.put("exported-at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        return new BackboneExportProvenance(OnnxExporter.class.getName(), fields);
    }
}
