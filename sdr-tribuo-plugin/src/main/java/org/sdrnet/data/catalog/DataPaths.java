package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the fetched data sets live: {@code $SDR_DATA_DIR}, else the system property {@code sdr.data.dir},
 * else {@code ~/.cache/sdr/data}. A set is usable once {@code scripts/fetch-data.sh} has written its
 * {@code .complete} marker.
 */
public final class DataPaths {
    private final Path root;

    private DataPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache of this machine, as configured by environment, system property or default. */
    public static DataPaths defaults() {
        String env = System.getenv("SDR_DATA_DIR");
        String prop = System.getProperty("sdr.data.dir");
        String dir = prop != null && !prop.isBlank() ? prop
                : env != null && !env.isBlank() ? env
                : System.getProperty("user.home") + "/.cache/sdr/data";
        return new DataPaths(Path.of(dir));
    }

    /** A cache rooted at {@code root}. */
    public static DataPaths at(Path root) {
        return new DataPaths(root);
    }

    public Path root() {
        return root;
    }

    /** True when set {@code name} (e.g. {@code mnist}) has been fetched completely. */
    public boolean has(String name) {
        return Files.isRegularFile(root.resolve(name).resolve(".complete"));
    }

    /** The directory of fetched set {@code name}; a clear error telling how to fetch it when it is missing. */
    public Path set(String name) {
        if (!has(name)) {
            throw new DataException("data set '" + name + "' is not in " + root
                    + " (no complete download); fetch it with `scripts/fetch-data.sh " + name + "` or `sdr data fetch`");
        }
        return root.resolve(name);
    }
}
