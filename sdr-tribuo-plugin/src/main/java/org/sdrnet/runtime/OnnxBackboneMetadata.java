package org.sdrnet.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.io.Json;
import org.sdrnet.nn.BackboneSpec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract an exported backbone carries in its ONNX {@code metadata_props}: how to feed it (layout, channels,
 * image size, mean/std, and every step from an image file to the input tensor: {@link PreprocessingStep}), what it
 * returns (embedding width), what it is (spec, BatchNorm folding, opset) and where it came from
 * ({@code sdr.source.*}: checkpoint, method, sub-net id, …). The writer produces it with
 * {@link #toProperties()}; the runner reads and checks it with {@link #parse(Map, String)}, so both sides agree on
 * one set of keys. Tribuo provenance is stored beside it under {@code TRIBUO_PROVENANCE}.
 *
 * @param layout                    input layout, always {@code NCHW}
 * @param inputName                 graph input name
 * @param outputName                graph output name ({@code embedding})
 * @param channels                  input channels
 * @param imageSize                 input height and width
 * @param embeddingDim              output width
 * @param normalization             per-channel mean/std the pixels in [0, 1] must be normalised with
 * @param spec                      the backbone architecture
 * @param batchNormFolded           whether BatchNorm was folded into the convolutions
 * @param opset                     the ONNX opset of the graph
 * @param libraryVersion            version of the library that exported the file
 * @param verifiedMaxAbsDifference  max |ONNX Runtime − DJL| measured at export; NaN when not recorded
 * @param source                    where the weights came from (free-form facts)
 * @param preprocessingRecorded     whether the file records its {@link PreprocessingStep}s; false for files of
 *                                  earlier builds, which were made for the same steps (version 1) but do not say so
 */
public record OnnxBackboneMetadata(String layout, String inputName, String outputName, int channels, int imageSize,
                                   int embeddingDim, Normalization normalization, BackboneSpec spec, boolean batchNormFolded,
                                   int opset, String libraryVersion, double verifiedMaxAbsDifference,
                                   Map<String, String> source, boolean preprocessingRecorded) {

    /** Marks a file as an SDR backbone; its absence means the file was not exported by this library. */
    public static final String FORMAT_KEY = "sdr.format";
    public static final String FORMAT = "sdr-backbone";
    public static final String FORMAT_VERSION_KEY = "sdr.format_version";
    /** The metadata layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    public static final String LAYOUT_KEY = "sdr.layout";
    public static final String INPUT_KEY = "sdr.input";
    public static final String OUTPUT_KEY = "sdr.output";
    public static final String CHANNELS_KEY = "sdr.channels";
    public static final String IMAGE_SIZE_KEY = "sdr.image_size";
    public static final String EMBEDDING_DIM_KEY = "sdr.embedding_dim";
    public static final String MEAN_KEY = "sdr.mean";
    public static final String STD_KEY = "sdr.std";
    public static final String SPEC_KEY = "sdr.spec";
    public static final String BN_FOLDED_KEY = "sdr.bn_folded";
    public static final String OPSET_KEY = "sdr.opset";
    public static final String LIBRARY_VERSION_KEY = "sdr.library_version";
    public static final String MAX_ABS_DIFF_KEY = "sdr.verification.max_abs_diff";
    /**
     * Hex SHA-256 of the serialised graph ({@link GraphChecksum}); written beside these properties by the exporter,
     * checked by the runner. Not a record field: it describes the graph bytes, not the input contract.
     */
    public static final String GRAPH_SHA256_KEY = "sdr.graph_sha256";
    /** Prefix of the provenance facts of the weights ({@code sdr.source.method}, {@code sdr.source.subnet}, …). */
    public static final String SOURCE_PREFIX = "sdr.source.";

    public static final String NCHW = "NCHW";
    public static final String DEFAULT_INPUT = "input";
    public static final String DEFAULT_OUTPUT = "embedding";

    public OnnxBackboneMetadata {
        source = Collections.unmodifiableMap(new TreeMap<>(source)); // sorted on every JVM
    }

    /** The metadata of exporting {@code spec} fed with {@code normalization}, before verification. */
    public static OnnxBackboneMetadata of(BackboneSpec spec, Normalization normalization, boolean batchNormFolded, int opset,
                                          String libraryVersion, Map<String, String> source) {
        return new OnnxBackboneMetadata(NCHW, DEFAULT_INPUT, DEFAULT_OUTPUT, spec.inChannels(), spec.imageSize(),
                spec.featureDim(), normalization, spec, batchNormFolded, opset, libraryVersion, Double.NaN, source, true);
    }

    /** A copy recording the verification result. */
    public OnnxBackboneMetadata withVerifiedMaxAbsDifference(double difference) {
        return new OnnxBackboneMetadata(layout, inputName, outputName, channels, imageSize, embeddingDim, normalization, spec,
                batchNormFolded, opset, libraryVersion, difference, source, preprocessingRecorded);
    }

    /** Floats per image in the input tensor. */
    public int inputSize() {
        return channels * imageSize * imageSize;
    }

    /**
     * The preprocessing steps this file asks for, key to value in the order they apply (with the version key): what
     * this library implements, recorded in the file or, for a file of an earlier build, implied.
     */
    public Map<String, String> preprocessing() {
        return PreprocessingStep.properties();
    }

    /** The key/value pairs to store in the model's {@code metadata_props}. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(FORMAT_KEY, FORMAT);
        p.put(FORMAT_VERSION_KEY, Integer.toString(FORMAT_VERSION));
        p.put(LAYOUT_KEY, layout);
        p.put(INPUT_KEY, inputName);
        p.put(OUTPUT_KEY, outputName);
        p.put(CHANNELS_KEY, Integer.toString(channels));
        p.put(IMAGE_SIZE_KEY, Integer.toString(imageSize));
        p.put(EMBEDDING_DIM_KEY, Integer.toString(embeddingDim));
        p.put(MEAN_KEY, floats(normalization.mean()));
        p.put(STD_KEY, floats(normalization.std()));
        if (preprocessingRecorded) {
            p.putAll(PreprocessingStep.properties());
        }
        try {
            p.put(SPEC_KEY, Json.MAPPER.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("backbone spec " + spec + " cannot be written as JSON", e);
        }
        p.put(BN_FOLDED_KEY, Boolean.toString(batchNormFolded));
        p.put(OPSET_KEY, Integer.toString(opset));
        p.put(LIBRARY_VERSION_KEY, libraryVersion);
        if (!Double.isNaN(verifiedMaxAbsDifference)) {
            p.put(MAX_ABS_DIFF_KEY, Double.toString(verifiedMaxAbsDifference));
        }
        source.forEach((k, v) -> p.put(SOURCE_PREFIX + k, v));
        return p;
    }

    /**
     * Reads and checks the metadata of the model called {@code file} (a path or a label, used in every message).
     *
     * @throws OnnxModelException when the file has no SDR metadata, a newer format, or inconsistent values
     */
    public static OnnxBackboneMetadata parse(Map<String, String> props, String file) {
        if (!FORMAT.equals(props.get(FORMAT_KEY))) {
            throw new OnnxModelException(file + ": not an SDR backbone export (metadata key '" + FORMAT_KEY
                    + "' is " + (props.containsKey(FORMAT_KEY) ? "'" + props.get(FORMAT_KEY) + "'" : "missing")
                    + "); export backbones with the 'onnx' BackboneExporter");
        }
        Reader r = new Reader(props, file);
        int version = r.positiveInt(FORMAT_VERSION_KEY);
        if (version > FORMAT_VERSION) {
            throw new OnnxModelException(file + ": metadata format version " + version + " is newer than the "
                    + FORMAT_VERSION + " this library reads; upgrade the library");
        }
        String layout = r.required(LAYOUT_KEY);
        if (!NCHW.equals(layout)) {
            throw new OnnxModelException(file + ": input layout '" + layout + "' is not supported (expected " + NCHW + ")");
        }
        int channels = r.positiveInt(CHANNELS_KEY);
        int size = r.positiveInt(IMAGE_SIZE_KEY);
        int dim = r.positiveInt(EMBEDDING_DIM_KEY);
        float[] mean = r.floats(MEAN_KEY, channels);
        float[] std = r.floats(STD_KEY, channels);
        Normalization normalization;
        try {
            normalization = Normalization.of(mean, std);
        } catch (IllegalArgumentException e) {
            throw new OnnxModelException(file + ": input normalisation in metadata is unusable: " + e.getMessage(), e);
        }
        BackboneSpec spec = r.spec();
        if (spec.inChannels() != channels || spec.imageSize() != size || spec.featureDim() != dim) {
            throw new OnnxModelException(file + ": metadata disagrees with its spec: channels " + channels + ", image size "
                    + size + ", embedding " + dim + " vs spec " + spec);
        }
        boolean recorded = PreprocessingStep.check(props, file);
        String diff = props.get(MAX_ABS_DIFF_KEY);
        Map<String, String> source = new TreeMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(SOURCE_PREFIX)) {
                source.put(k.substring(SOURCE_PREFIX.length()), v);
            }
        });
        return new OnnxBackboneMetadata(layout, r.required(INPUT_KEY), r.required(OUTPUT_KEY), channels, size, dim,
                normalization, spec, Boolean.parseBoolean(r.required(BN_FOLDED_KEY)), r.positiveInt(OPSET_KEY),
                props.getOrDefault(LIBRARY_VERSION_KEY, "unknown"), diff == null ? Double.NaN : r.parseDouble(MAX_ABS_DIFF_KEY, diff),
                source, recorded);
    }

    private static String floats(float[] values) {
        StringBuilder b = new StringBuilder();
        for (float v : values) {
            b.append(b.length() == 0 ? "" : ",").append(v);
        }
        return b.toString();
    }

    /** Typed access to the properties with errors that name the file and key. */
    private record Reader(Map<String, String> props, String file) {
        String required(String key) {
            String v = props.get(key);
            if (v == null || v.isBlank()) {
                throw new OnnxModelException(file + ": SDR metadata key '" + key + "' is missing");
            }
            return v;
        }

        int positiveInt(String key) {
            String v = required(key);
            try {
                int i = Integer.parseInt(v.trim());
                if (i > 0) {
                    return i;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new OnnxModelException(file + ": SDR metadata key '" + key + "' must be a positive integer, got '" + v + "'");
        }

        double parseDouble(String key, String v) {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new OnnxModelException(file + ": SDR metadata key '" + key + "' must be a number, got '" + v + "'");
            }
        }

        float[] floats(String key, int expected) {
            String v = required(key);
            String[] parts = v.split(",");
            if (parts.length != expected) {
                throw new OnnxModelException(file + ": SDR metadata key '" + key + "' needs " + expected
                        + " comma-separated values (one per channel), got '" + v + "'");
            }
            float[] out = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = (float) parseDouble(key, parts[i]);
            }
            return out;
        }

        BackboneSpec spec() {
            String v = required(SPEC_KEY);
            try {
                return Json.MAPPER.readValue(v, BackboneSpec.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new OnnxModelException(file + ": SDR metadata key '" + SPEC_KEY + "' is not a valid backbone spec: "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %dx%dx%d -> %d (%s, mean %s, std %s, BN %s, opset %d)", spec.name(), channels,
                imageSize, imageSize, embeddingDim, layout, Arrays.toString(normalization.mean()),
                Arrays.toString(normalization.std()), batchNormFolded ? "folded" : "separate", opset);
    }
}
