package org.sdrnet.onnx;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.cli.SdrCli;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.data.catalog.NpyReader;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.testing.CapturedOutput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sdr embed}: raw embeddings to .npy (+ paths) or .csv, equal to the runner's; bad input is one line, nothing written. */
class EmbedCliTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path images;
    static float[][] expected;
    static List<Path> expectedPaths;

    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();
    private final ByteArrayOutputStream out = io.out();
    private final ByteArrayOutputStream err = io.err();

    @BeforeAll
    static void exportAndEmbedInJava() throws IOException {
        model = shared.resolve("backbone.onnx");
        OnnxExport.export(TestBackbones.randomWithBatchNorm(TestBackbones.twoBlocks(), 5), Normalization.DEFAULT, model,
                OnnxExportOptions.DEFAULT);
        images = OnnxInputContractTest.realImagesOfEveryKind(shared.resolve("images"));
        ImageFolderReader.Result read = new ImageFolderReader().readUnlabeled(images);
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(model)) {
            expected = runner.features(read.images());
        }
        expectedPaths = read.report().read();
        Files.write(images.resolve("zz-broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void npyRowsAreTheRunnersEmbeddingsAndTheUnreadableFileIsReported(@TempDir Path dir) throws IOException {
        Path npy = dir.resolve("out/emb.npy");
        assertEquals(0, SdrCli.run("embed", "--backbone", model.toString(), "--out", npy.toString(), images.toString()), stderr());
        assertTrue(stderr().contains("skipped") && stderr().contains("zz-broken.png"), stderr());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("wrote 11 embeddings of 32 values"), out.toString(StandardCharsets.UTF_8));

        NpyReader.NpyArray a = NpyReader.read(npy);
        assertArrayEquals(new int[] {expected.length, 32}, a.shape());
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < 32; j++) {
                assertEquals(expected[i][j], a.data()[i * 32 + j], 1e-6, "row " + i + ", dimension " + j);
            }
        }
        List<String> paths = Files.readAllLines(dir.resolve("out/emb.paths.txt"));
        assertEquals(expectedPaths.stream().map(Path::toString).toList(), paths);
    }

    @Test
    void csvHasAHeaderAndOneRowPerImageAndFilesMayBeNamedOneByOne(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("emb.csv");
        Path first = expectedPaths.get(0);
        Path second = expectedPaths.get(1);
        assertEquals(0, SdrCli.run("embed", "--backbone", model.toString(), "--out", csv.toString(), second.toString(), first.toString()),
                stderr());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("path,0,1,2,") && lines.get(0).endsWith(",31"), lines.get(0));
        String[] row = lines.get(1).split(",");
        assertEquals(second.toString(), row[0]);
        for (int j = 0; j < 32; j++) {
            assertEquals(expected[1][j], Float.parseFloat(row[j + 1]), 1e-6);
        }
        assertEquals(first.toString(), lines.get(2).split(",")[0]);
    }

    @Test
    void badInputIsOneLineAndWritesNothing(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[][] cases = {
                {"--out", dir.resolve("emb.txt").toString(), images.toString()},
                {"--out", dir.resolve("emb.npy").toString(), dir.resolve("no-such.png").toString()},
                {"--out", dir.resolve("emb.npy").toString(), empty.toString()},
                {"--out", dir.resolve("emb.csv").toString(), images.resolve("zz-broken.png").toString()},
        };
        String[] named = {"emb.txt", "no-such.png", "empty", "zz-broken.png"};
        for (int k = 0; k < cases.length; k++) {
            err.reset();
            String[] args = new String[cases[k].length + 3];
            args[0] = "embed";
            args[1] = "--backbone";
            args[2] = model.toString();
            System.arraycopy(cases[k], 0, args, 3, cases[k].length);
            assertEquals(2, SdrCli.run(args), stderr());
            // the one error line (a skipped file's log warning may come before it)
            String e = stderr();
            List<String> errors = e.lines().filter(l -> l.startsWith("sdr embed: ")).toList();
            assertTrue(errors.size() == 1 && errors.get(0).contains(named[k]) && !e.contains("\tat "), e);
        }
        err.reset();
        assertEquals(2, SdrCli.run("embed", "--backbone", dir.resolve("missing.onnx").toString(), "--out",
                dir.resolve("emb.npy").toString(), images.toString()));
        assertTrue(stderr().startsWith("sdr embed: ") && stderr().contains("missing.onnx"), stderr());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(empty), left.toList(), "nothing was written");
        }
        assertFalse(Files.exists(dir.resolve("emb.paths.txt")));
    }
}
