package org.sdrnet.tribuo;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.sdrnet.data.ImageSet;

/**
 * Where a configured {@link ImageDataSource} gets its images when they are not a folder: a small configurable hook
 * (e.g. the demo catalog's task splits, {@code org.sdrnet.data.catalog.CatalogSplit}). Its provenance lands in
 * the data source's, so a trained model records which images it saw.
 */
public interface ImageProvider extends Configurable, Provenancable<ConfiguredObjectProvenance> {

    /** Reads the images; an exception naming what is missing or wrong when they cannot be read. */
    ImageSet images();
}
