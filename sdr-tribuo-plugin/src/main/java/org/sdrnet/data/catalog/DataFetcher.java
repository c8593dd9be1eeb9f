package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches the catalog's data sets by running the repository's {@code scripts/fetch-data.sh}, the very script CI
 * runs (checksums, atomic unpacking). The script is not part of the published jar: the {@code scripts/sdr} launcher
 * names it in the {@value #SCRIPT_PROPERTY} system property. It needs {@code bash} plus the package clients
 * ({@code apt-get}, {@code dpkg-deb}, {@code npm}); their absence is reported, not hidden.
 */
public final class DataFetcher {
    /** Set names the script knows. */
    public static final List<String> SETS = List.of("mnist", "fashion", "digits8", "skimage", "clipart", "emoji-google",
            "emoji-twitter", "fonts");
    /** System property holding the fetch script's path; {@code scripts/sdr} sets it. */
    public static final String SCRIPT_PROPERTY = "sdr.fetchScript";

    private final DataPaths paths;
    private final Path script;

    /** A fetcher that runs {@code script} (a copy of {@code scripts/fetch-data.sh}) into {@code paths}. */
    public DataFetcher(DataPaths paths, Path script) {
        this.paths = paths;
        this.script = script;
    }

    /** A fetcher running the script the launcher named in {@value #SCRIPT_PROPERTY}; none when it is unset. */
    public static DataFetcher fromLauncher(DataPaths paths) {
        String s = System.getProperty(SCRIPT_PROPERTY);
        return new DataFetcher(paths, s == null ? null : Path.of(s));
    }

    /** The sets among {@code sets} that are not fetched yet. */
    public List<String> missing(List<String> sets) {
        List<String> out = new ArrayList<>();
        for (String s : sets) {
            if (!paths.has(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Fetches {@code sets} (all when empty), streaming the script's messages to this process's stderr.
     *
     * @throws DataException when the script fails; its messages say which package or tool
     */
    public void fetch(List<String> sets) {
        for (String s : sets) {
            if (!SETS.contains(s)) {
                throw new DataException("unknown data set '" + s + "'; available: " + String.join(", ", SETS));
            }
        }
        if (script == null || !Files.isRegularFile(script)) {
            throw new DataException("cannot fetch data: " + (script == null
                    ? "this JVM was not started by scripts/sdr, which names the repository's fetch script (-D" + SCRIPT_PROPERTY + "=PATH)"
                    : "the fetch script " + script + " does not exist"));
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
            cmd.addAll(sets);
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put("SDR_DATA_DIR", paths.root().toString());
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new DataException("fetching " + (sets.isEmpty() ? "the data sets" : String.join(", ", sets))
                        + " failed (exit code " + rc + "); see the [fetch-data] messages above");
            }
        } catch (IOException e) {
            throw new DataException("cannot run the data fetch script (is bash installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("data fetch interrupted", e);
        }
    }
}
