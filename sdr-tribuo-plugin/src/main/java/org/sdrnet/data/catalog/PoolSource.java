package org.sdrnet.data.catalog;

import org.sdrnet.data.ImageSet;

/** A named unlabeled pretraining domain of the catalog (P1–P5); labels, if any, are for analysis only. */
public interface PoolSource {
    /** Catalog id, e.g. {@code P1}. */
    String id();

    /** One line for tables: domain and origin. */
    String description();

    /** Loads the domain at the preset's size; deterministic for a seed. */
    ImageSet load(DataPaths paths, Preset preset, long seed);
}
