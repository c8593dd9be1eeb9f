package org.sdrnet.cli;

import org.sdrnet.data.catalog.DataPaths;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The data cache option shared by every command that reads catalog data. */
final class DataOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data cache (default: $SDR_DATA_DIR or ~/.cache/sdr/data).")
    Path dataDir;

    DataPaths paths() {
        return dataDir == null ? DataPaths.defaults() : DataPaths.at(dataDir);
    }
}
