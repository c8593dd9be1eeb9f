package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.sdrnet.checkpoint.BackboneDigest;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.checkpoint.DjlTensorsFeatures;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.io.Versions;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Tribuo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads and writes saved {@link SdrModel} directories:
 * <pre>
 *   manifest.json    {@link SdrModelManifest}, written last
 *   model.tribuo     the inner Tribuo model (Tribuo 4.3 protobuf serialization)
 *   backbone/        DJL backbones: {@link BackboneFiles}; other types: a copy of the backbone file
 * </pre>
 * Loading checks the reopened backbone's SHA-256 against the manifest and against the digest recorded in the inner
 * model's own provenance at training time.
 */
final class SdrModelStore {
    static final int FORMAT_VERSION = 1;
    static final String KIND = "sdr-tribuo-model";
    static final String MANIFEST = "manifest.json";
    static final String MODEL = "model.tribuo";
    static final String BACKBONE = "backbone";

    /** Batch size a reloaded backbone runs with when the original one did not say. */
    static final int DEFAULT_BATCH_SIZE = 256;

    private SdrModelStore() {
    }

    static void save(SdrModel<?> m, Path dir) {
        SdrFeatureExtractor fx = m.extractor();
        int batchSize = fx.batchSize() > 0 ? fx.batchSize() : DEFAULT_BATCH_SIZE;
        String digest = fx.backboneDigest().orElseThrow(() -> new IllegalStateException("cannot save model to " + dir
                + ": backbone " + fx.description() + " is neither a DJL backbone nor a file, so it cannot be stored"));
        AtomicFiles.writeDirectory(dir, MANIFEST, "saved SdrModel", tmp -> {
            m.innerModel().serializeToFile(tmp.resolve(MODEL));
            SdrModelManifest.BackboneEntry backbone = writeBackbone(fx, tmp, digest, batchSize);
            SdrModelManifest manifest = new SdrModelManifest(FORMAT_VERSION, KIND,
                    m.outputFactory().getUnknownOutput().getClass().getName(), m.outputFactory().getClass().getName(),
                    m.innerModel().getClass().getName(), fx.featureDim(), backbone, OffsetDateTime.now().toString(),
                    Versions.library(), Tribuo.VERSION);
            Json.INDENTED.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
        });
    }

    static void checkSaveTarget(Path dir) {
        if (Files.exists(dir) && !Files.isRegularFile(dir.resolve(MANIFEST))) {
            throw new IllegalArgumentException("refusing to write saved SdrModel to " + dir + ": it exists and is not a "
                    + "saved SdrModel (no " + MANIFEST + ")");
        }
    }

    private static SdrModelManifest.BackboneEntry writeBackbone(SdrFeatureExtractor fx, Path tmp, String digest, int batchSize)
            throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(BACKBONE));
        ImageFeatures features = fx.imageFeatures();
        if (features instanceof DjlFeatureExtractor djl) {
            // a sub-net or an in-process backbone becomes a plain saved backbone: its checkpoint is not needed again
            BackboneFiles.writeInto(dir, djl.backbone());
            return new SdrModelManifest.BackboneEntry(DjlTensorsFeatures.NAME, BACKBONE, "", digest, fx.description(), batchSize);
        }
        Path source = fx.backbonePath().filter(Files::isRegularFile).orElseThrow(() -> new IllegalStateException(
                "cannot save backbone " + fx.description() + ": it is not a DJL backbone and has no backbone file to copy"));
        Path copy = dir.resolve(source.getFileName().toString());
        Files.copy(source, copy);
        if (!BackboneDigest.ofFile(copy).equals(digest)) {
            throw new IllegalStateException("backbone file " + source + " changed since the model was trained on it");
        }
        return new SdrModelManifest.BackboneEntry(fx.backboneType(), BACKBONE + "/" + copy.getFileName(), fx.subnetPath(),
                digest, fx.description(), batchSize);
    }

    static <T extends Output<T>> SdrModel<T> load(Path dir, Class<T> outputType, String device) {
        SdrModelManifest manifest = manifest(dir);
        Model<T> model = innerModel(dir, manifest, outputType);
        SdrModelManifest.BackboneEntry b = manifest.backbone();
        Set<String> trainedOn = recordedDigests(model.getProvenance());
        if (!trainedOn.isEmpty() && !trainedOn.contains(b.sha256())) {
            throw new IllegalArgumentException("saved model " + dir + ": " + MANIFEST + " names backbone SHA-256 " + b.sha256()
                    + " but the model was trained on " + String.join(" / ", trainedOn));
        }
        OutputFactory<T> factory = outputFactory(dir, manifest, outputType);
        SdrFeatureExtractor fx;
        try {
            fx = new SdrFeatureExtractor(b.type(), dir.resolve(b.file()), b.subnetPath(), device, b.batchSize());
        } catch (PropertyException | IllegalArgumentException e) {
            throw new IllegalArgumentException("saved model " + dir + ": cannot open its backbone " + b.file() + ": " + e.getMessage(), e);
        }
        try {
            String actual = fx.backboneDigest().orElse("(unknown)");
            if (!actual.equals(b.sha256())) {
                throw new IllegalArgumentException("saved model " + dir + ": backbone " + b.file() + " has SHA-256 " + actual
                        + " but the model was trained on a backbone with SHA-256 " + b.sha256()
                        + "; the backbone was modified or replaced");
            }
            return new SdrModel<>(fx, model, factory, true);
        } catch (RuntimeException e) {
            fx.close();
            throw e;
        }
    }

    private static SdrModelManifest manifest(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("saved model " + dir + " does not exist");
        }
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a saved SdrModel: " + dir + " has no " + MANIFEST);
        }
        SdrModelManifest m;
        try {
            m = Json.INDENTED.readValue(file.toFile(), SdrModelManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("saved model " + dir + ": unreadable " + MANIFEST + " (" + e.getMessage() + ")", e);
        }
        if (!KIND.equals(m.kind())) {
            throw new IllegalArgumentException("not a saved SdrModel: " + file + " is of kind '" + m.kind() + "'");
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("saved model " + dir + " has format version " + m.formatVersion()
                    + "; this build reads version " + FORMAT_VERSION);
        }
        if (m.backbone() == null || m.backbone().sha256() == null || m.backbone().file() == null) {
            throw new IllegalArgumentException("saved model " + dir + ": " + MANIFEST + " does not describe its backbone");
        }
        return m;
    }

    @SuppressWarnings("unchecked") // checked by Model.validate
    private static <T extends Output<T>> Model<T> innerModel(Path dir, SdrModelManifest manifest, Class<T> outputType) {
        Path file = dir.resolve(MODEL);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("saved model " + dir + " has no " + MODEL);
        }
        Model<?> raw;
        try {
            raw = Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("saved model " + dir + ": cannot read " + MODEL + " (" + e.getMessage() + ")", e);
        }
        if (!raw.validate(outputType)) {
            throw new IllegalArgumentException("saved model " + dir + " predicts " + manifest.outputType() + ", not " + outputType.getName());
        }
        return (Model<T>) raw;
    }

    @SuppressWarnings("unchecked") // the class is checked against OutputFactory and the output type below
    private static <T extends Output<T>> OutputFactory<T> outputFactory(Path dir, SdrModelManifest manifest, Class<T> outputType) {
        try {
            Class<?> c = Class.forName(manifest.outputFactory(), true, SdrModelStore.class.getClassLoader());
            Object f = c.getConstructor().newInstance();
            if (!(f instanceof OutputFactory<?> of) || !outputType.isInstance(of.getUnknownOutput())) {
                throw new IllegalArgumentException(manifest.outputFactory() + " is not an output factory of " + outputType.getName());
            }
            return (OutputFactory<T>) of;
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("saved model " + dir + ": cannot create output factory " + manifest.outputFactory()
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** Every backbone SHA-256 recorded by an {@link SdrFeatureExtractorProvenance} anywhere inside {@code p}. */
    static Set<String> recordedDigests(Provenance p) {
        Set<String> out = new LinkedHashSet<>();
        collect(p, out);
        return out;
    }

    private static void collect(Provenance p, Set<String> out) {
        if (p instanceof SdrFeatureExtractorProvenance fx) {
            fx.backboneSha256().ifPresent(out::add);
        }
        if (p instanceof ObjectProvenance op) {
            for (Pair<String, Provenance> child : op) {
                collect(child.getB(), out);
            }
        } else if (p instanceof ListProvenance<?> lp) {
            lp.getList().forEach(c -> collect(c, out));
        } else if (p instanceof MapProvenance<?> mp) {
            mp.getMap().values().forEach(c -> collect(c, out));
        }
    }
}
