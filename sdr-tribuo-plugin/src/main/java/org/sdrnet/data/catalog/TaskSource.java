package org.sdrnet.data.catalog;

import org.sdrnet.data.DownstreamTask;

/** A named labeled downstream task of the catalog (D1–D8). */
public interface TaskSource {
    /** Catalog id, e.g. {@code D1}. */
    String id();

    /** One line for tables: data, classes, split protocol. */
    String description();

    /** Loads the task's splits at the preset's size; deterministic for a seed. */
    DownstreamTask load(DataPaths paths, Preset preset, long seed);
}
