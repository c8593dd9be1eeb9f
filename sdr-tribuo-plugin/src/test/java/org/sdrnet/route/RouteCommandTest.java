package org.sdrnet.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.cli.SdrCli;
import org.sdrnet.testing.CapturedOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sdr route} on a micro SDR run: prints the table, writes report.json and routing.png; clear errors otherwise. */
class RouteCommandTest {
    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();
    private final ByteArrayOutputStream out = io.out();
    private final ByteArrayOutputStream err = io.err();

    @Test
    void routeWritesTheReportAndTheChart(@TempDir Path dir) throws Exception {
        Path sdr = TinyRouting.sdrDir();
        Path unified = TinyRouting.unifiedCheckpoint().getParent();
        Path outDir = dir.resolve("route-d1");
        int code = SdrCli.run("route", "--run", sdr.toString(), "--unified", unified.toString(), "--task", "D1",
                "--task-preset", "tiny", "--shortlist", "2", "--score", "linear", "--out", outDir.toString(), "--device", "cpu");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        RoutingReport r = RoutingReport.read(outDir.resolve("report.json"));
        assertEquals("D1", r.taskId());
        assertEquals("linear", r.scoreName());
        assertEquals(3, r.candidates().size(), "2 leaves + unified");
        assertTrue(r.unified().isPresent());
        assertNotNull(ImageIO.read(outDir.resolve("routing.png").toFile()), "a readable PNG");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("| unified |") && printed.contains("**chosen**"), printed);
    }

    @Test
    void recalibratedRoutingLoadsTheRunsOwnPoolAndRefusesAnother(@TempDir Path dir) throws Exception {
        Path sdr = TinyRouting.sdrDir();
        Path outDir = dir.resolve("route-bn");
        int code = SdrCli.run("route", "--run", sdr.toString(), "--task", "D1", "--task-preset", "tiny", "--shortlist", "2",
                "--recalibrate-bn", "--pool", "P1,P2", "--preset", "tiny", "--seed", "9", "--out", outDir.toString(), "--device", "cpu");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(RoutingReport.read(outDir.resolve("report.json")).recalibratedBn());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("BatchNorm statistics re-estimated"));

        err.reset();
        assertEquals(2, SdrCli.run("route", "--run", sdr.toString(), "--task", "D1", "--task-preset", "tiny",
                "--recalibrate-bn", "--pool", "P1,P2", "--preset", "tiny", "--out", dir.resolve("o").toString(), "--device", "cpu"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("is not the pool SDR run") && !e.contains("\tat "), e);
        assertFalse(Files.exists(dir.resolve("o")));
        err.reset();
        assertEquals(2, SdrCli.run("route", "--run", sdr.toString(), "--task", "D1", "--pool", "P1,P2",
                "--out", dir.resolve("o").toString(), "--device", "cpu"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--pool names the run's pool for --recalibrate-bn"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownScoreListsTheAvailableOnesAndWritesNothing(@TempDir Path dir) {
        assertEquals(2, SdrCli.run("route", "--run", dir.toString(), "--task", "D1", "--score", "hscore",
                "--out", dir.resolve("o").toString(), "--device", "cpu"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown TransferScore 'hscore'; available: ") && err.toString(StandardCharsets.UTF_8).contains("knn, linear, linear-cv, logme"),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("o")));
        assertEquals(2, SdrCli.run("route", "--run", dir.toString(), "--task", "D1", "--device", "cpu",
                "--out", dir.resolve("o").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not an SDR run directory"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, SdrCli.run("route", "--list-scores"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("logme"));
    }

    @Test
    void budgetOptionsWithARunThatIsNotDspNetAreOneLineAndWriteNothing(@TempDir Path dir) {
        for (String[] option : new String[][] {{"--max-latency-ms", "0.5"}, {"--max-params", "1000"}, {"--latency-batch", "64"}}) {
            err.reset();
            assertEquals(2, SdrCli.run("route", "--run", dir.toString(), "--task", "D1", option[0], option[1],
                    "--out", dir.resolve("o").toString(), "--device", "cpu"));
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.lines().count() == 1 && e.contains("sdr route: " + option[0] + " applies to a dspnet run")
                    && e.contains("is not a dspnet run"), e);
            assertFalse(Files.exists(dir.resolve("o")));
        }
    }
}
