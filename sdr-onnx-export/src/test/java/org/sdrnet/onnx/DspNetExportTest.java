package org.sdrnet.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.cli.SdrCli;
import org.sdrnet.nn.SlimmableResNet;
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.dspnet.DspNetRun;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.testing.CapturedOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sdr pretrain --method dspnet} then {@code sdr export --width W} for every width of the run: each exported file
 * reproduces the trained slimmable network at that width (BatchNorm in inference mode) under ONNX Runtime, ≤ 1e-4. A
 * micro backbone (8-16-16-32) keeps it fast and gives every slim width channel counts that are not multiples of 16.
 */
class DspNetExportTest {
    @TempDir
    static Path shared;
    static Path run;

    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();
    private final ByteArrayOutputStream out = io.out();
    private final ByteArrayOutputStream err = io.err();

    @BeforeAll
    static void pretrainFromTheCommandLine() {
        run = shared.resolve("dspnet-run");
        int code = SdrCli.run("pretrain", "--method", "dspnet", "--pool", "P1,P2", "--preset", "tiny", "--widths", "8,16,16,32",
                "--epochs", "1", "--batch", "50", "--warmup", "0", "--seed", "4", "--no-progress", "--out", run.toString(),
                "-o", "widths=0.25,0.5,0.75,1", "-o", "teacherMomentum=0.99");
        assertEquals(0, code, "sdr pretrain --method dspnet");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyWidthExportsAndMatchesTheSlimmableNetworkUnderOnnxRuntime(@TempDir Path dir) {
        SlimmableSpec spec = DspNetRun.open(run).spec();
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), java.util.Arrays.stream(spec.multipliers()).boxed().toList());
        int n = 5;
        long[] shape = {n, 3, 32, 32};
        float[] input = new float[n * 3 * 32 * 32];
        Random random = new Random(11);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            SlimmableResNet net = trainedNet(spec, m);
            NDArray x = m.create(input, new Shape(shape));
            for (double w : spec.multipliers()) {
                Path file = dir.resolve("dspnet-" + w + ".onnx");
                assertEquals(0, SdrCli.run("export", "--checkpoint", run.toString(), "--width", Double.toString(w), "--out",
                        file.toString()), stderr());
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("exported " + file), out.toString(StandardCharsets.UTF_8));
                float[] djl = net.forward(new ParameterStore(m, false), x, false, w).toFloatArray();
                int dim = spec.widthsAt(w)[3];
                try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(file)) {
                    assertEquals(dim, runner.featureDim());
                    assertEquals(Double.toString(w), runner.metadata().source().get("width"));
                    assertEquals("dspnet", runner.metadata().source().get("method"));
                    float[][] ort = runner.features(input, shape);
                    double max = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < dim; j++) {
                            max = Math.max(max, Math.abs(ort[i][j] - djl[i * dim + j]));
                        }
                    }
                    assertTrue(max <= 1e-4, "width " + w + ": max |slimmable DJL - ORT| = " + max);
                }
            }
        }
    }

    /** The run's online backbone, loaded strictly into a slimmable network of its spec. */
    private static SlimmableResNet trainedNet(SlimmableSpec spec, NDManager m) {
        SlimmableResNet net = new SlimmableResNet(spec);
        net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        Map<String, NDArray> weights = new LinkedHashMap<>();
        CheckpointStore.tensors(run.resolve(TrainingLoop.CHECKPOINT_DIR), CheckpointStore.MODEL, m).forEach((k, v) -> {
            if (k.startsWith("online.backbone.")) {
                weights.put(k.substring("online.backbone.".length()), v);
            }
        });
        Weights.load(net.namedParameters(), weights, run.toString());
        return net;
    }

    @Test
    void aWidthTheRunDidNotTrainOrAMissingWidthIsOneLineAndWritesNothing(@TempDir Path dir) throws java.io.IOException {
        String[][] cases = {
                {"--checkpoint", run.toString(), "--width", "0.3", "--out", dir.resolve("a.onnx").toString()},
                {"--checkpoint", run.toString(), "--out", dir.resolve("b.onnx").toString()},
                {"--path", "0,0,0,0", "--run", run.toString(), "--width", "0.5", "--out", dir.resolve("c.onnx").toString()},
        };
        String[] expected = {"width 0.3 is not one of the widths [0.25, 0.5, 0.75, 1.0]",
                "is a dspnet run: choose a width with --width (one of [0.25, 0.5, 0.75, 1.0])",
                "--width goes with --checkpoint"};
        for (int k = 0; k < cases.length; k++) {
            err.reset();
            String[] args = new String[cases[k].length + 1];
            args[0] = "export";
            System.arraycopy(cases[k], 0, args, 1, cases[k].length);
            assertEquals(2, SdrCli.run(args), stderr());
            List<String> lines = stderr().lines().toList();
            assertTrue(lines.size() == 1 && lines.get(0).startsWith("sdr export: ") && lines.get(0).contains(expected[k]), stderr());
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing was written");
        }
        assertFalse(Files.exists(dir.resolve("a.onnx")));
    }
}
