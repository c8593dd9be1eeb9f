package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.sdrnet.checkpoint.BackboneDigest;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;
import org.sdrnet.spi.Services;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.impl.ArrayExample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns images into dense Tribuo {@link Example}s (features {@code emb-0000 …}) with a frozen backbone: the image
 * counterpart of Tribuo's {@code BERTFeatureExtractor}.
 * <p>
 * Configured (OLCUT {@code @Config}) by where the backbone comes from: a backbone type, found as an
 * {@link ImageFeaturesFactory} ({@code djl-checkpoint}, {@code djl-tensors}, later {@code onnx}), a path, an optional
 * SDR sub-net path, a device and a batch size; {@link #postConfig()} opens it. A backbone chosen in-process (e.g. by
 * the router) is wrapped with {@link #SdrFeatureExtractor(ImageFeatures, String)} instead. Either way the provenance
 * records the configuration, a description, the backbone's SHA-256 and every entry of
 * {@link ImageFeatures#provenance()} (method, checkpoint, sub-net, routing summary) under {@code source.*}.
 * <p>
 * Owns its backbone: {@link #close()} releases it. Not thread-safe (one forward pass at a time).
 */
public final class SdrFeatureExtractor implements Configurable, Provenancable<ConfiguredObjectProvenance>, AutoCloseable {
    /** The backbone type recorded for backbones handed over in-process; such an extractor cannot be re-configured. */
    public static final String IN_PROCESS = "in-process";
    /** The device recorded for an in-process backbone whose device the extractor does not know. */
    public static final String UNSPECIFIED = "unspecified";

    @Config(mandatory = true, description = "Backbone type: the name of an ImageFeaturesFactory, e.g. djl-checkpoint, "
            + "djl-tensors, or onnx when sdr-onnx-export is on the class path.")
    private String backboneType;

    @Config(description = "Where the backbone is: a checkpoint, run or SDR run directory (djl-checkpoint), a saved "
            + "backbone directory (djl-tensors) or a model file (onnx).")
    private Path backbonePath;

    @Config(description = "Sub-net of an SDR run as comma-separated stage choices, e.g. 0,3,1,2; empty otherwise.")
    private String subnetPath = "";

    @Config(description = "Compute device: auto, cpu, gpu or gpu:N.")
    private String device = "auto";

    @Config(description = "Images per forward pass.")
    private int batchSize = 256;

    private ImageFeatures features;
    private String description;
    private String digest;
    private String[] featureNames;
    private boolean closed;
    private SdrFeatureExtractorProvenance provenance;

    /** For OLCUT. */
    private SdrFeatureExtractor() {
    }

    /**
     * Opens the backbone of type {@code backboneType} at {@code backbonePath}.
     *
     * @param subnetPath sub-net of an SDR run ({@code "0,3,1,2"}), or empty
     * @param device     {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     */
    public SdrFeatureExtractor(String backboneType, Path backbonePath, String subnetPath, String device, int batchSize) {
        this.backboneType = backboneType;
        this.backbonePath = backbonePath;
        this.subnetPath = subnetPath == null ? "" : subnetPath;
        this.device = device;
        this.batchSize = batchSize;
        postConfig();
    }

    /**
     * Wraps a backbone that is already open (e.g. the router's choice) and takes ownership of it. Device and batch
     * size are the backbone's own business and are recorded as {@value #UNSPECIFIED} and 0.
     *
     * @param description one line naming the backbone (run, sub-net, how it was chosen), recorded in the provenance
     */
    public SdrFeatureExtractor(ImageFeatures features, String description) {
        this(features, description, UNSPECIFIED, 0);
    }

    private SdrFeatureExtractor(ImageFeatures features, String description, String device, int batchSize) {
        this.features = Objects.requireNonNull(features, "features");
        this.backboneType = IN_PROCESS;
        this.description = Objects.requireNonNull(description, "description");
        this.device = device;
        this.batchSize = batchSize;
        init(null);
    }

    /** Wraps a plain in-process backbone run with DJL on {@code device}; described by its spec and provenance. */
    public static SdrFeatureExtractor of(Backbone backbone, String device, int batchSize) {
        DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, Devices.choose(device), Normalization.DEFAULT, batchSize);
        return new SdrFeatureExtractor(fx, backbone.spec().name() + " " + new TreeMap<>(backbone.provenance()), device, batchSize);
    }

    /** Validates the configuration and opens the backbone through the factory registered for its type. */
    @Override
    public void postConfig() throws PropertyException {
        if (backboneType == null || backboneType.isBlank()) {
            throw new PropertyException("", "backboneType", "backboneType is empty; available: " + availableTypes());
        }
        if (IN_PROCESS.equals(backboneType)) {
            throw new PropertyException("", "backboneType", "backbone type '" + IN_PROCESS + "' was handed over in code"
                    + " and cannot be reopened from configuration; save the model (SdrModel.save) or configure a "
                    + "backbone file or directory instead");
        }
        if (batchSize <= 0) {
            throw new PropertyException("", "batchSize", "batchSize must be positive, got " + batchSize);
        }
        if (backbonePath == null) {
            throw new PropertyException("", "backbonePath", "backbone type '" + backboneType + "' needs backbonePath");
        }
        if (!Files.exists(backbonePath)) {
            throw new PropertyException("", "backbonePath", "backbone path " + backbonePath + " does not exist");
        }
        ImageFeaturesFactory factory;
        try {
            factory = Services.find(ImageFeaturesFactory.class, backboneType);
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", "backboneType", e.getMessage());
        }
        features = factory.open(new BackboneLocation(backboneType, backbonePath, subnetPath, device, batchSize));
        description = backboneType + ":" + backbonePath + (subnetPath.isBlank() ? "" : " sub-net " + subnetPath.trim());
        try {
            init(backbonePath);
        } catch (RuntimeException e) {
            features.close();
            throw e;
        }
    }

    private void init(Path path) {
        featureNames = FeatureNames.of(features.featureDim());
        if (features instanceof DjlFeatureExtractor djl) {
            digest = BackboneDigest.of(djl.backbone());
        } else if (path != null && Files.isRegularFile(path)) {
            digest = BackboneDigest.ofFile(path);
        }
    }

    private static String availableTypes() {
        return String.join(", ", Services.all(ImageFeaturesFactory.class).stream().map(ImageFeaturesFactory::name).toList());
    }

    /** One feature row per image, in order. */
    public float[][] features(ImageSet images) {
        Objects.requireNonNull(images, "images");
        checkOpen();
        float[][] rows = features.features(images);
        if (rows.length != images.size()) {
            throw new IllegalStateException("backbone " + description + " returned " + rows.length + " rows for "
                    + images.size() + " images of '" + images.name() + "'");
        }
        return rows;
    }

    /**
     * One example per image. A labeled set's class names become outputs through {@code outputs} (for
     * {@code LabelFactory}: Tribuo {@code Label}s named after the classes); an unlabeled set gets unknown outputs.
     */
    public <T extends Output<T>> List<Example<T>> examples(ImageSet images, OutputFactory<T> outputs) {
        float[][] rows = features(images);
        List<Example<T>> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            T output = images.isLabeled()
                    ? outputs.generateOutput(images.classNames().get(images.label(i)))
                    : outputs.getUnknownOutput();
            out.add(example(rows[i], output));
        }
        return out;
    }

    /** A dense example of one feature row. */
    public <T extends Output<T>> Example<T> example(float[] row, T output) {
        if (row.length != featureNames.length) {
            throw new IllegalArgumentException("feature row has " + row.length + " values; backbone " + description
                    + " has " + featureNames.length + " features");
        }
        double[] values = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = row[i];
        }
        return new ArrayExample<>(output, featureNames, values);
    }

    /** Length of every feature row. */
    public int featureDim() {
        return featureNames.length;
    }

    /** The feature names, {@code emb-0000 …}. */
    public List<String> featureNames() {
        return List.of(featureNames);
    }

    /** One line naming the backbone. */
    public String description() {
        return description;
    }

    /** SHA-256 of the backbone (weights of a DJL backbone, bytes of a backbone file); empty when unknown. */
    public Optional<String> backboneDigest() {
        return Optional.ofNullable(digest);
    }

    /** Where the backbone came from, as reported by it ({@link ImageFeatures#provenance()}). */
    public Map<String, String> backboneProvenance() {
        return Map.copyOf(features.provenance());
    }

    public String backboneType() {
        return backboneType;
    }

    /** The configured backbone path; empty for an in-process backbone. */
    public Optional<Path> backbonePath() {
        return Optional.ofNullable(backbonePath);
    }

    public String subnetPath() {
        return subnetPath;
    }

    public String device() {
        return device;
    }

    /** Images per forward pass; 0 when unknown (an in-process backbone). */
    public int batchSize() {
        return batchSize;
    }

    /** The open backbone (for saving it beside a model). */
    ImageFeatures imageFeatures() {
        checkOpen();
        return features;
    }

    @Override
    public synchronized ConfiguredObjectProvenance getProvenance() {
        if (provenance == null) {
            provenance = new SdrFeatureExtractorProvenance(this);
        }
        return provenance;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("feature extractor for backbone " + description + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            features.close();
        }
    }

    @Override
    public String toString() {
        return "SdrFeatureExtractor(" + description + ", dim=" + featureNames.length + ")";
    }
}
