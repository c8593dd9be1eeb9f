package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.provenance.DataSourceProvenance;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A Tribuo data source of images turned into examples by an {@link SdrFeatureExtractor}. It holds the extractor as a
 * {@code @Config} field (as Tribuo's {@code TextDataSource} holds its text extractor), so the backbone's
 * configuration and identity land in the {@code ModelProvenance} of every model trained on it.
 * <p>
 * The images are either given in code ({@link #ImageDataSource(ImageSet, OutputFactory, SdrFeatureExtractor)}) or
 * configured: a folder with one sub-folder per class ({@code folder}), or any {@link ImageProvider}
 * ({@code imageProvider}, e.g. a demo-catalog task split). Class names become outputs through the output
 * factory (Tribuo {@code Label}s for a {@code LabelFactory}); unlabeled images get unknown outputs. Features are
 * extracted once, when the source is created.
 */
public final class ImageDataSource<T extends Output<T>> implements ConfigurableDataSource<T> {

    /**
     * Which part of a task split an {@link ImageProvider} reads (e.g. a catalog split). It stays here, under this
     * name, because the provenance of models saved by earlier builds names it.
     */
    public enum Part { TRAIN, TEST }

    @Config(mandatory = true, description = "The feature extractor that turns images into examples.")
    private SdrFeatureExtractor extractor;

    @Config(mandatory = true, description = "The factory that turns class names into outputs.")
    private OutputFactory<T> outputFactory;

    @Config(description = "Where the images come from (e.g. a catalog task split); set this or folder.")
    private ImageProvider imageProvider;

    @Config(description = "Folder with one sub-folder of pictures per class; set this or imageProvider.")
    private Path folder;

    @Config(description = "Side in pixels that pictures from a folder are resized to.")
    private int imageSize = ImageSet.DEFAULT_SIZE;

    private ImageSet imageSet;
    private List<Example<T>> examples;
    private ImageDataSourceProvenance provenance;

    /** For OLCUT. */
    private ImageDataSource() {
    }

    /** Examples of {@code images} (which must not be empty) made by {@code extractor}. */
    public ImageDataSource(ImageSet images, OutputFactory<T> outputFactory, SdrFeatureExtractor extractor) {
        this.imageSet = Objects.requireNonNull(images, "images");
        this.outputFactory = Objects.requireNonNull(outputFactory, "outputFactory");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        extract();
    }

    /** Reads the configured images and extracts their features. */
    @Override
    public void postConfig() throws PropertyException {
        if ((imageProvider == null) == (folder == null)) {
            throw new PropertyException("", imageProvider == null ? "imageProvider" : "folder",
                    "ImageDataSource needs exactly one of imageProvider or folder; got "
                            + (imageProvider == null ? "neither" : "both imageProvider and folder " + folder));
        }
        imageSet = imageProvider != null ? imageProvider.images() : fromFolder();
        extract();
    }

    private ImageSet fromFolder() {
        return new ImageFolderReader(imageSize, ImageFolderReader.DEFAULT_MAX_SIDE).readLabeled(folder).images();
    }

    private void extract() {
        if (imageSet.isEmpty()) {
            throw new IllegalArgumentException("image set '" + imageSet.name() + "' is empty: no examples to extract");
        }
        examples = List.copyOf(extractor.examples(imageSet, outputFactory));
    }

    /** The images behind the examples. */
    public ImageSet images() {
        return imageSet;
    }

    /** The extractor that made the examples. */
    public SdrFeatureExtractor extractor() {
        return extractor;
    }

    /** Number of examples. */
    public int size() {
        return examples.size();
    }

    @Override
    public Iterator<Example<T>> iterator() {
        return examples.iterator();
    }

    @Override
    public OutputFactory<T> getOutputFactory() {
        return outputFactory;
    }

    @Override
    public synchronized DataSourceProvenance getProvenance() {
        if (provenance == null) {
            provenance = new ImageDataSourceProvenance(this);
        }
        return provenance;
    }

    @Override
    public String toString() {
        return "ImageDataSource(" + imageSet + ", extractor=" + extractor + ")";
    }
}
