package org.sdrnet.data;

import java.nio.file.Path;

/** Access to the fetched data sets for tests; a missing set fails with DataPaths' "run scripts/fetch-data.sh" message. */
final class RealData {
    private RealData() {}

    static DataPaths paths() {
        return DataPaths.defaults();
    }

    /** The directory of set {@code name}, or a failure telling how to fetch it. */
    static Path require(String name) {
        return paths().set(name);
    }
}
