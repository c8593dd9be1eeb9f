package org.sdrnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.testing.CapturedOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's contract: help everywhere, and one clear line (exit 2) for each kind of bad input. */
class SdrCliTest {
    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();
    private final ByteArrayOutputStream out = io.out();
    private final ByteArrayOutputStream err = io.err();

    private String all() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpIsAvailableForEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"data", "--help"}, {"data", "fetch", "--help"}, {"pretrain", "--help"},
                {"eval", "--help"}, {"embed", "--help"}, {"train", "--help"}, {"predict", "--help"}, {"demo", "--help"}}) {
            assertEquals(0, SdrCli.run(args), String.join(" ", args));
        }
        assertTrue(all().contains("Usage: sdr pretrain"));
        assertTrue(all().contains("--resume"));
    }

    /** picocli 4.7.6 listed the options of an argument group inside a mixin twice (--pool, --data); 4.7.7 does not. */
    @Test
    void aBadOnnxFileIsOneLineBeforeAnyOtherModelIsEvaluated(@TempDir Path dir) throws java.io.IOException {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model");
        Path missing = dir.resolve("missing.onnx");
        for (Path bad : new Path[] {text, missing}) {
            out.reset();
            err.reset();
            assertEquals(2, SdrCli.run("eval", "--random-init", "tiny", "--onnx", bad.toString(), "--task", "D5"), all());
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.startsWith("sdr eval: ") && e.contains(bad.getFileName().toString()) && !e.contains("\tat "), e);
            assertFalse(out.toString(StandardCharsets.UTF_8).contains("random-init"), "no model was evaluated first");
        }
    }

    @Test
    void anUnknownProtocolIsRefusedEvenNextToAKnownOne() {
        assertEquals(2, SdrCli.run("eval", "--random-init", "tiny", "--protocol", "knn,lineer", "--task", "D5"), all());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown protocol 'lineer'"), all());
    }

    @Test
    void recalibratingBatchNormNeedsABackboneAndAPool(@TempDir Path dir) {
        assertEquals(2, SdrCli.run("eval", "--pixels", "--recalibrate-bn", "--task", "D5"), all());
        assertTrue(all().contains("--recalibrate-bn needs a --checkpoint"), all());
        assertEquals(2, SdrCli.run("eval", "--random-init", "tiny", "--recalibrate-bn", "--data", dir.resolve("none").toString(),
                "--task", "D5"), all());
        assertTrue(all().contains("none"), all());
    }

    @Test
    void modelsWithTheSameFileNameKeepTheirOwnColumns() {
        java.util.Set<String> taken = new java.util.LinkedHashSet<>();
        taken.add(EvalCommand.columnName(taken, Path.of("runs/a/routed.onnx")));
        taken.add(EvalCommand.columnName(taken, Path.of("runs/b/routed.onnx")));
        assertEquals(java.util.List.of("routed.onnx", "b/routed.onnx"), java.util.List.copyOf(taken));
        assertEquals(2, SdrCli.run("eval", "--onnx", "x/routed.onnx", "--onnx", "x/../x/routed.onnx", "--task", "D5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is given twice"), all());
    }

    @Test
    void everyOptionIsDescribedOnceInEachHelp() {
        for (String command : new String[] {"pretrain", "eval", "route", "export", "embed", "train", "predict", "demo"}) {
            out.reset();
            err.reset();
            assertEquals(0, SdrCli.run(command, "--help"), command);
            // an option's own line starts within the first columns; wrapped descriptions are indented further
            java.util.List<String> described = all().lines().filter(l -> l.matches("^ {2,6}-.*"))
                    .map(l -> l.strip().split("[\\s,]+")[0]).toList();
            assertTrue(described.size() > 3, command + ": " + described);
            assertEquals(described.size(), new java.util.HashSet<>(described).size(), command + " help repeats an option: " + described);
        }
    }

    @Test
    void unknownMethodListsTheRegisteredOnes(@TempDir Path dir) {
        assertEquals(2, SdrCli.run("pretrain", "--method", "nope", "--out", dir.toString()));
        assertTrue(all().contains("unknown PretrainMethod 'nope'; available: dspnet, mae, sdr, tec, trex, unified"), all());
        assertEquals(0, SdrCli.run("pretrain", "--list-methods"));
        assertTrue(all().contains("unified"));
    }

    @Test
    void baseIsForTecAndAMissingBaseIsNamed(@TempDir Path dir) {
        assertEquals(2, SdrCli.run("pretrain", "--method", "unified", "--base", "runs/mae", "--out", dir.resolve("u").toString()));
        assertTrue(all().contains("--base is for methods that learn from a base model (tec); method 'unified' takes none"), all());
        Path missing = dir.resolve("no-such-base");
        assertEquals(2, SdrCli.run("pretrain", "--method", "tec", "--backbone", "vit-test", "--base", missing.toString(),
                "--pool", "P1", "--preset", "tiny", "--out", dir.resolve("t").toString(), "--no-progress"));
        assertTrue(all().contains("base model " + missing + " does not exist"), all());
        assertFalse(Files.exists(dir.resolve("t").resolve("checkpoint")), "nothing written on bad input");
    }

    @Test
    void unknownPresetTaskAndMissingFolderAreClearErrors(@TempDir Path dir) {
        assertEquals(2, SdrCli.run("pretrain", "--preset", "huge", "--out", dir.toString(), "--no-progress"));
        assertTrue(all().contains("unknown preset 'huge'; available: tiny, small, full"), all());
        assertEquals(2, SdrCli.run("eval", "--random-init", "tiny", "--task", "D42"));
        assertTrue(all().contains("D42"), all());
        assertEquals(2, SdrCli.run("pretrain", "--data", dir.resolve("no-such-folder").toString(), "--out", dir.resolve("r").toString()));
        assertTrue(all().contains("no-such-folder"), all());
        assertFalse(Files.exists(dir.resolve("r").resolve("checkpoint")), "nothing written on bad input");
        assertEquals(2, SdrCli.run("eval", "--checkpoint", dir.toString(), "--task", "D5"));
        assertTrue(all().contains("no manifest.json"), all());
        assertEquals(2, SdrCli.run("data", "fetch", "cifar"));
        assertTrue(all().contains("unknown data set 'cifar'"), all());
    }

    @Test
    void emptyImageFolderIsRejected(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, SdrCli.run("pretrain", "--data", empty.toString(), "--out", dir.resolve("r").toString()));
        assertTrue(all().contains(empty.toString()), all());
    }
}
