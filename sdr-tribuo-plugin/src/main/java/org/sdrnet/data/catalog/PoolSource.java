package org.sdrnet.data.catalog;

import org.sdrnet.data.ImageSet;

/**
 * A named pretraining pool of the catalog: an unlabeled domain (P1–P5), whose labels, if any, are for analysis only, or
 * a labelled pool (L1) whose labels are classes to train on (supervised pretraining such as t-ReX).
 */
public interface PoolSource {
    /** Catalog id, e.g. {@code P1}. */
    String id();

    /** One line for tables: domain and origin. */
    String description();

    /** Whether its labels are training classes (a labelled pool) rather than analysis-only. Default: no. */
    default boolean labelled() {
        return false;
    }

    /** Loads the domain at the preset's size; deterministic for a seed. */
    ImageSet load(DataPaths paths, Preset preset, long seed);
}
