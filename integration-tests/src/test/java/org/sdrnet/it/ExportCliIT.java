package org.sdrnet.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.cli.SdrCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI path of issue 5 on real data: pretrain → export (verified) → evaluate the .onnx with ONNX Runtime. */
class ExportCliIT {

    @Test
    void exportedBackboneEvaluatesLikeItsCheckpoint(@TempDir Path dir) {
        Path run = dir.resolve("run");
        Path onnx = dir.resolve("backbone.onnx");
        assertEquals(0, SdrCli.run("pretrain", "--pool", "P1", "--preset", "tiny", "--epochs", "1", "--batch", "50",
                "--out", run.toString(), "--no-progress", "--device", "cpu"));
        assertEquals(0, SdrCli.run("export", "--checkpoint", run.toString(), "--out", onnx.toString()));
        assertTrue(Files.isRegularFile(onnx));

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SdrCli.run("eval", "--checkpoint", run.toString(), "--onnx", onnx.toString(), "--task", "D5",
                    "--task-preset", "tiny", "--protocol", "knn", "--device", "cpu"));
        } finally {
            System.setOut(old);
        }
        String table = out.toString(StandardCharsets.UTF_8);
        String d5 = table.lines().filter(l -> l.startsWith("| D5 ")).findFirst().orElseThrow(() -> new AssertionError(table));
        String[] cells = d5.split("\\|");
        assertEquals(cells[2].trim(), cells[3].trim(), "DJL and ONNX Runtime features give the same kNN accuracy: " + d5);

        // a bad path is refused and nothing is written
        Path bad = dir.resolve("bad.onnx");
        assertEquals(2, SdrCli.run("export", "--checkpoint", dir.resolve("missing").toString(), "--out", bad.toString()));
        assertFalse(Files.exists(bad));
    }
}
