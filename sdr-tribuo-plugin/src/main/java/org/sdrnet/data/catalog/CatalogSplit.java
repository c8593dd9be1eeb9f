package org.sdrnet.data.catalog;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.tribuo.ImageDataSource;
import org.sdrnet.tribuo.ImageProvider;

import java.nio.file.Path;

/**
 * The images of one catalog task split (e.g. D5's training part) as a configurable {@link ImageProvider}, so an
 * OLCUT configuration can feed the demo catalog's tasks to an {@code ImageDataSource}.
 */
public final class CatalogSplit implements ImageProvider {

    @Config(mandatory = true, description = "Catalog task id (e.g. D5).")
    private String task;

    @Config(description = "Catalog preset: tiny, small or full.")
    private String preset = "tiny";

    @Config(description = "Seed of the catalog's sampling.")
    private long seed = 0;

    @Config(description = "Part of the task split to read: TRAIN or TEST.")
    private ImageDataSource.Part part = ImageDataSource.Part.TRAIN;

    @Config(description = "Split of a task with several (k-fold) splits, from 0.")
    private int splitIndex = 0;

    @Config(description = "Root of the data cache; defaults to the machine's (see DataPaths).")
    private Path dataRoot;

    /** For OLCUT. */
    private CatalogSplit() {
    }

    @Override
    public void postConfig() throws PropertyException {
        if (splitIndex < 0) {
            throw new PropertyException("", "splitIndex", "splitIndex must be >= 0, got " + splitIndex);
        }
    }

    @Override
    public ImageSet images() {
        DataPaths paths = dataRoot == null ? DataPaths.defaults() : DataPaths.at(dataRoot);
        DownstreamTask t = DataCatalog.standard(paths).task(task, Preset.parse(preset), seed);
        if (splitIndex >= t.splits().size()) {
            throw new PropertyException("", "splitIndex", "task " + t.id() + " has " + t.splits().size()
                    + " split(s); splitIndex " + splitIndex + " is out of range");
        }
        DownstreamTask.Split s = t.splits().get(splitIndex);
        return part == ImageDataSource.Part.TRAIN ? s.train() : s.test();
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ImageProvider");
    }

    @Override
    public String toString() {
        return "CatalogSplit(" + task + " " + preset + " seed " + seed + " split " + splitIndex + " " + part + ")";
    }
}
