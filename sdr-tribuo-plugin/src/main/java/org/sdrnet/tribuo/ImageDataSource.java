package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.sdrnet.data.DataCatalog;
import org.sdrnet.data.DataPaths;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Preset;
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
 * configured: a catalog task's split ({@code task}, {@code preset}, {@code seed}, {@code part}, {@code splitIndex})
 * or a folder with one sub-folder per class ({@code folder}). Class names become outputs through the output
 * factory (Tribuo {@code Label}s for a {@code LabelFactory}); unlabeled images get unknown outputs. Features are
 * extracted once, when the source is created.
 */
public final class ImageDataSource<T extends Output<T>> implements ConfigurableDataSource<T> {

    /** Which part of a task split to read. */
    public enum Part { TRAIN, TEST }

    @Config(mandatory = true, description = "The feature extractor that turns images into examples.")
    private SdrFeatureExtractor extractor;

    @Config(mandatory = true, description = "The factory that turns class names into outputs.")
    private OutputFactory<T> outputFactory;

    @Config(description = "Catalog task id (e.g. D5); set this or folder.")
    private String task;

    @Config(description = "Catalog preset: tiny, small or full.")
    private String preset = "tiny";

    @Config(description = "Seed of the catalog's sampling.")
    private long seed = 0;

    @Config(description = "Part of the task split to read: TRAIN or TEST.")
    private Part part = Part.TRAIN;

    @Config(description = "Split of a task with several (k-fold) splits, from 0.")
    private int splitIndex = 0;

    @Config(description = "Root of the data cache; defaults to the machine's (see DataPaths).")
    private Path dataRoot;

    @Config(description = "Folder with one sub-folder of pictures per class; set this or task.")
    private Path folder;

    @Config(description = "Side in pixels that pictures from a folder are resized to.")
    private int imageSize = ImageSet.DEFAULT_SIZE;

    private ImageSet images;
    private List<Example<T>> examples;
    private ImageDataSourceProvenance provenance;

    /** For OLCUT. */
    private ImageDataSource() {
    }

    /** Examples of {@code images} (which must not be empty) made by {@code extractor}. */
    public ImageDataSource(ImageSet images, OutputFactory<T> outputFactory, SdrFeatureExtractor extractor) {
        this.images = Objects.requireNonNull(images, "images");
        this.outputFactory = Objects.requireNonNull(outputFactory, "outputFactory");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        extract();
    }

    /** Reads the configured images and extracts their features. */
    @Override
    public void postConfig() throws PropertyException {
        if ((task == null) == (folder == null)) {
            throw new PropertyException("", task == null ? "task" : "folder",
                    "ImageDataSource needs exactly one of task (a catalog id such as D5) or folder; got "
                            + (task == null ? "neither" : "both task '" + task + "' and folder " + folder));
        }
        images = task != null ? fromCatalog() : fromFolder();
        extract();
    }

    private ImageSet fromCatalog() {
        DataPaths paths = dataRoot == null ? DataPaths.defaults() : DataPaths.at(dataRoot);
        DownstreamTask t = DataCatalog.standard(paths).task(task, Preset.parse(preset), seed);
        if (splitIndex < 0 || splitIndex >= t.splits().size()) {
            throw new PropertyException("", "splitIndex", "task " + t.id() + " has " + t.splits().size()
                    + " split(s); splitIndex " + splitIndex + " is out of range");
        }
        DownstreamTask.Split s = t.splits().get(splitIndex);
        return part == Part.TRAIN ? s.train() : s.test();
    }

    private ImageSet fromFolder() {
        return new ImageFolderReader(imageSize, ImageFolderReader.DEFAULT_MAX_SIDE).readLabeled(folder).images();
    }

    private void extract() {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("image set '" + images.name() + "' is empty: no examples to extract");
        }
        examples = List.copyOf(extractor.examples(images, outputFactory));
    }

    /** The images behind the examples. */
    public ImageSet images() {
        return images;
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
        return "ImageDataSource(" + images + ", extractor=" + extractor + ")";
    }
}
