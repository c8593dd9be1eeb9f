package org.sdrnet.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.ImageFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.ONNXExportable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a backbone exported by this library ({@code .onnx} with SDR metadata) in ONNX Runtime and returns one
 * feature row per image: the production feature extractor, without DJL. On open it checks the file (readable ONNX,
 * our metadata, a graph that matches it); images are normalised with the mean/std stored in the file, so the
 * caller cannot feed the model differently from how it was trained. Batches are bounded by
 * {@link OnnxRunnerSettings#batchSize()}; every native tensor and result is closed before a call returns.
 * <p>
 * One session per runner, all runners share one {@code OrtEnvironment}. Thread-safe: ONNX Runtime sessions
 * accept concurrent runs and each call owns its buffers. Close the runner to free the native session.
 * It is the ONNX Runtime {@link ImageFeatures}, interchangeable with the in-process DJL extractor.
 */
public final class OnnxBackboneRunner implements ImageFeatures {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxBackboneRunner.class);

    private final String source;
    private final OrtSession session;
    private final String executionProvider;
    private final OnnxBackboneMetadata metadata;
    private final ObjectProvenance provenance;
    private final OnnxRunnerSettings settings;
    private volatile boolean closed;

    private OnnxBackboneRunner(byte[] model, String source, OnnxRunnerSettings settings) {
        this.source = source;
        this.settings = settings;
        SessionFactory.Opened opened = SessionFactory.open(model, source, settings);
        this.session = opened.session();
        this.executionProvider = opened.executionProvider();
        try {
            Map<String, String> props = session.getMetadata().getCustomMetadata();
            this.metadata = OnnxBackboneMetadata.parse(props, source);
            checkGraphChecksum(model, props.get(OnnxBackboneMetadata.GRAPH_SHA256_KEY), source);
            GraphContract.check(session, metadata, source);
            this.provenance = readProvenance(props.get(ONNXExportable.PROVENANCE_METADATA_FIELD), source);
        } catch (OrtException e) {
            close(); // close() never throws, so the original failure reaches the caller
            throw new OnnxModelException(source + ": cannot read the model metadata: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(); // close() never throws, so the original failure reaches the caller
            throw e;
        }
    }

    /** Opens {@code file} with {@link OnnxRunnerSettings#DEFAULT}. */
    public static OnnxBackboneRunner open(Path file) {
        return open(file, OnnxRunnerSettings.DEFAULT);
    }

    /**
     * Opens an exported backbone file.
     *
     * @throws OnnxModelException naming the file when it is missing, empty, not ONNX, truncated, has no SDR metadata,
     *                            or its graph disagrees with its metadata
     */
    public static OnnxBackboneRunner open(Path file, OnnxRunnerSettings settings) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new OnnxModelException(source + (Files.isDirectory(file) ? ": is a directory, not an .onnx file" : ": no such file"));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxModelException(source + ": cannot read the file: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new OnnxModelException(source + ": the file is empty");
        }
        return new OnnxBackboneRunner(bytes, source, settings);
    }

    /** Opens a serialised model held in memory (the exporter's verification); {@code label} names it in messages. */
    public static OnnxBackboneRunner fromBytes(byte[] model, String label, OnnxRunnerSettings settings) {
        if (model.length == 0) {
            throw new OnnxModelException(label + ": the model is empty");
        }
        return new OnnxBackboneRunner(model.clone(), label, settings);
    }

    /** Damage inside the weights still parses; the checksum recorded at export catches it. */
    private static void checkGraphChecksum(byte[] model, String recorded, String source) {
        if (recorded == null) {
            throw new OnnxModelException(source + ": SDR metadata key '" + OnnxBackboneMetadata.GRAPH_SHA256_KEY + "' is missing");
        }
        String actual = GraphChecksum.ofModel(model, source);
        if (!actual.equalsIgnoreCase(recorded)) {
            throw new OnnxModelException(source + ": the graph does not match the checksum recorded at export (SHA-256 "
                    + actual + ", recorded " + recorded + "): the file was damaged or modified after export");
        }
    }

    /**
     * Provenance classes that moved since files were exported, old name → new name. Files keep the class name of the
     * build that wrote them, so reading must follow a move (OLCUT instantiates the named class).
     */
    private static final Map<String, String> MOVED_PROVENANCE_CLASSES = Map.of(
            "org.sdrnet.tribuo.BackboneExportProvenance", BackboneExportProvenance.class.getName());

    static ObjectProvenance readProvenance(String serialized, String source) {
        if (serialized == null) {
            return null;
        }
        for (Map.Entry<String, String> moved : MOVED_PROVENANCE_CLASSES.entrySet()) {
            serialized = serialized.replace('"' + moved.getKey() + '"', '"' + moved.getValue() + '"');
        }
        try {
            return ONNXExportable.SERIALIZER.deserializeAndUnmarshal(serialized);
        } catch (RuntimeException | ProvenanceSerializationException e) {
            throw new OnnxModelException(source + ": metadata '" + ONNXExportable.PROVENANCE_METADATA_FIELD
                    + "' is not a readable Tribuo provenance: " + e.getMessage(), e);
        }
    }

    /** The file path or label this runner was opened from. */
    public String source() {
        return source;
    }

    /** The checked metadata of the model: input contract, spec, source of the weights. */
    public OnnxBackboneMetadata metadata() {
        return metadata;
    }

    /** The Tribuo provenance stored in the file ({@link BackboneExportProvenance} for our exports), if any. */
    public Optional<ObjectProvenance> tribuoProvenance() {
        return Optional.ofNullable(provenance);
    }

    /**
     * Where the features come from: the weights' source facts recorded at export (method, checkpoint, sub-net, …)
     * plus this file, the runtime, the spec and the execution provider.
     */
    @Override
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>(metadata.source());
        p.put("runtime", "onnxruntime");
        p.put("file", source);
        p.put("backbone", metadata.spec().toString());
        p.put("executionProvider", executionProvider);
        return p;
    }

    /** {@code CPU}, or {@code CUDA:<device>} when the CUDA execution provider was requested and usable. */
    public String executionProvider() {
        return executionProvider;
    }

    public OnnxRunnerSettings settings() {
        return settings;
    }

    /** Width of every feature row (the file's embedding width). */
    @Override
    public int featureDim() {
        return metadata.embeddingDim();
    }

    /**
     * One feature row per image of {@code images}, normalised with the file's mean/std (gray images are
     * replicated to three channels as in training).
     *
     * @throws IllegalArgumentException naming the set and the file when the image size does not match the model
     */
    @Override
    public float[][] features(ImageSet images) {
        ensureOpen();
        if (images.imageSize() != metadata.imageSize()) {
            throw new IllegalArgumentException("image set '" + images.name() + "' has " + images.imageSize() + " px images; "
                    + source + " expects " + metadata.imageSize() + " px");
        }
        if (metadata.channels() != Normalization.CHANNELS) {
            throw new IllegalArgumentException(source + " takes " + metadata.channels() + " input channels; image sets are fed as "
                    + Normalization.CHANNELS + " channels, so use features(float[], long[]) with prepared tensors");
        }
        int n = images.size();
        float[][] out = new float[n][];
        FloatBuffer buffer = directBuffer(Math.min(n, settings.batchSize()) * metadata.inputSize());
        for (int start = 0; start < n; start += settings.batchSize()) {
            int b = Math.min(settings.batchSize(), n - start);
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = start + i;
            }
            float[] batch = BatchTensors.plain(images, idx, metadata.normalization());
            runBatch(batch, 0, b, buffer, out, start);
        }
        return out;
    }

    /**
     * One feature row per image of an already normalised NCHW tensor.
     *
     * @param input values, {@code shape[0]·C·H·W} of them
     * @param shape {@code [n, C, H, W]} with C, H, W as in the file's metadata
     * @throws IllegalArgumentException naming the file and the expected shape when {@code shape} or the length differs
     */
    public float[][] features(float[] input, long[] shape) {
        ensureOpen();
        long[] wanted = {shape.length > 0 ? shape[0] : -1, metadata.channels(), metadata.imageSize(), metadata.imageSize()};
        if (shape.length != 4 || shape[0] < 0 || shape[1] != wanted[1] || shape[2] != wanted[2] || shape[3] != wanted[3]) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " does not fit " + source
                    + ", which expects [n, " + metadata.channels() + ", " + metadata.imageSize() + ", " + metadata.imageSize() + "] ("
                    + metadata.layout() + ")");
        }
        int n = Math.toIntExact(shape[0]);
        if ((long) n * metadata.inputSize() != input.length) {
            throw new IllegalArgumentException(input.length + " input values do not fill shape " + Arrays.toString(shape)
                    + " for " + source);
        }
        float[][] out = new float[n][];
        FloatBuffer buffer = directBuffer(Math.min(n, settings.batchSize()) * metadata.inputSize());
        for (int start = 0; start < n; start += settings.batchSize()) {
            int b = Math.min(settings.batchSize(), n - start);
            runBatch(input, start * metadata.inputSize(), b, buffer, out, start);
        }
        return out;
    }

    /** Runs {@code b} images from {@code input[offset…]} and stores their rows at {@code out[row…]}. */
    private void runBatch(float[] input, int offset, int b, FloatBuffer buffer, float[][] out, int row) {
        int per = metadata.inputSize();
        buffer.clear();
        buffer.put(input, offset, b * per);
        buffer.flip();
        long[] shape = {b, metadata.channels(), metadata.imageSize(), metadata.imageSize()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(SharedOrt.environment(), buffer, shape);
             OrtSession.Result result = session.run(Map.of(metadata.inputName(), tensor))) {
            OnnxValue value = result.get(metadata.outputName()).orElseThrow(() ->
                    new OnnxModelException(source + ": the run returned no '" + metadata.outputName() + "' output"));
            if (!(value instanceof OnnxTensor t)) {
                throw new OnnxModelException(source + ": output '" + metadata.outputName() + "' is not a tensor");
            }
            FloatBuffer f = t.getFloatBuffer();
            int d = metadata.embeddingDim();
            if (f.remaining() != b * d) {
                throw new OnnxModelException(source + ": output has " + f.remaining() + " values for " + b + " images of width " + d);
            }
            for (int i = 0; i < b; i++) {
                float[] r = new float[d];
                f.get(r);
                out[row + i] = r;
            }
        } catch (OrtException e) {
            throw new OnnxModelException(source + ": ONNX Runtime failed on a batch of " + b + ": " + e.getMessage(), e);
        }
    }

    private static FloatBuffer directBuffer(int floats) {
        return ByteBuffer.allocateDirect(Math.max(1, floats) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("runner for " + source + " is closed");
        }
    }

    /** Frees the native session; further calls fail. Idempotent; a native failure to close is logged, not thrown. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("{}: could not close the ONNX Runtime session: {}", source, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "OnnxBackboneRunner[" + source + ", " + metadata + ", " + executionProvider + "]";
    }
}
