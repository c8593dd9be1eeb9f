package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.it.bench.harness.TrainLog;
import org.sdrnet.it.bench.harness.UsageError;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.Devices;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.pretrain.mae.MaeMethod;
import org.sdrnet.pretrain.tec.TecMethod;
import org.sdrnet.pretrain.tec.TecSettings;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Training throughput: images per second of {@code unified} (SimSiam) training steps for a ResNet (augmentation, forward,
 * backward, SGD; two views per image) or of {@code mae} steps for a Vision Transformer such as {@code vit-tiny}
 * (one view, 75 % of the patches masked, AdamW) for each backbone and batch size, on the run's device. Each case trains a fresh network
 * for warm-up + timed steps on random colour images, logging every step; the time between the last warm-up step and
 * the last step comes from the run's own log, so set-up and the final checkpoint are not counted. The first case runs
 * once untimed before the table (the first training in a JVM runs slow while the JIT compiles and kernels are created).
 * When a Python with {@code torch} is present, the same step in PyTorch eager ({@link TorchReference}) runs after the
 * Java cases with the same threads for the ResNets, and the table gets its images/s and the ratio.
 * <p>
 * Usage: {@code scripts/bench throughput [backbones=tiny,small] [batches=32,64,128] [--steps 20] [--warmup 5]
 * [--device auto]}
 */
public final class ThroughputBenchmark {
    private static final String USAGE = "usage: scripts/bench throughput [backbones=tiny,small (or tiny:24-48-96-192, vit-tiny, tec:vit-tiny)] [batches=32,64,128] "
            + "[--steps N] [--warmup N] [--device auto|cpu|gpu|gpu:N]";

    private ThroughputBenchmark() {
    }

    /** One measured case. */
    record Case(String backbone, int batch, int warmup, int steps, double seconds, Map<String, Double> phaseMs) {
        double imagesPerSecond() {
            return steps * (double) batch / seconds;
        }
    }

    /** Phases the training loop times (ms per step, {@code StepTimes}), in the order of a step. */
    static final List<String> PHASES = List.of("msForward", "msBackward", "msOptimizer");

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int steps = 20;
        int warmup = 5;
        String device = "auto";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = positiveInt(args, ++i);
                case "--warmup" -> warmup = positiveInt(args, ++i);
                case "--device" -> device = value(args, ++i);
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        throw usage("unknown option " + args[i]);
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (positional.size() > 2) {
            throw usage("too many arguments " + positional);
        }
        List<String> backbones = List.of((positional.size() > 0 ? positional.get(0) : "tiny,small").split(","));
        int[] batches = Arrays.stream((positional.size() > 1 ? positional.get(1) : "32,64,128").split(","))
                .mapToInt(s -> parseInt(s.trim(), "batch")).toArray();
        try {
            backbones.forEach(ThroughputBenchmark::spec); // an unknown backbone fails before any training
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Device dev = Devices.choose(device);
        System.err.println("[bench] throughput on " + Devices.describe(dev) + ": " + warmup + " warm-up + " + steps + " timed steps per case");
        measure(backbones.get(0), batches[0], warmup, steps, dev); // JVM warm-up, untimed
        List<Case> cases = new ArrayList<>();
        for (String b : backbones) {
            for (int batch : batches) {
                Case c = measure(b, batch, warmup, steps, dev);
                System.err.printf(Locale.ROOT, "[bench]   %s batch %d: %.0f images/s%n", b, batch, c.imagesPerSecond());
                cases.add(c);
            }
        }
        TorchReference torch = TorchReference.fromEnvironment();
        Optional<String> missing = torch.unavailable();
        Map<String, Double> reference = Map.of();
        if (missing.isEmpty() && "cpu".equals(dev.getDeviceType())) {
            int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
            System.err.println("[bench] PyTorch eager reference (" + TorchReference.SCRIPT + ", " + threads + " threads)");
            List<String> resNets = backbones.stream().filter(b -> spec(b).fold(r -> true, v -> false)).toList();
            reference = resNets.isEmpty() ? Map.of() : torch.measure(resNets, batches, warmup, steps, threads);
        } else {
            System.err.println("[bench] no PyTorch eager reference: " + missing.orElse("device " + dev + " is not the CPU"));
        }
        System.out.print(markdown(cases, dev, reference));
    }

    /** Prefix of a case that times {@code tec} steps on a ViT preset ({@code tec:vit-tiny}) instead of {@code mae} steps. */
    static final String TEC = "tec:";

    /**
     * A preset ({@code tiny}, {@code vit-tiny}), a ResNet preset with other widths ({@code tiny:24-48-96-192}) or a ViT for
     * TEC steps ({@code tec:vit-tiny}).
     */
    static BackboneSpec spec(String name) {
        if (name.startsWith(TEC)) {
            return VitSpec.preset(name.substring(TEC.length()));
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return BackboneSpec.preset(name);
        }
        int[] widths = Arrays.stream(name.substring(colon + 1).split("-")).mapToInt(s -> parseInt(s.trim(), "width")).toArray();
        return ResNetSpec.preset(name.substring(0, colon)).withWidths(widths);
    }

    static Case measure(String name, int batch, int warmup, int steps, Device device) throws Exception {
        BackboneSpec spec = spec(name);
        boolean tec = name.startsWith(TEC);
        int total = warmup + steps;
        ImageSet images = randomImages(batch * total, 1L);
        LoopSettings loop = LoopSettings.defaults().withEpochs(1).withBatchSize(batch).withLogEvery(1)
                .withCheckpointEvery(Integer.MAX_VALUE).withProgress(false).withSeed(1L);
        Path tmp = Files.createTempDirectory("sdr-throughput-");
        Path dir = tec ? tmp.resolve("run") : tmp;
        try {
            // a ViT at an AdamW-sized learning rate (the default suits SGD); the rate does not change the cost of a step
            PretrainMethod method = tec ? new TecMethod() : spec.<PretrainMethod>fold(r -> new UnifiedMethod(), v -> new MaeMethod());
            LoopSettings settings = spec.fold(r -> loop, v -> loop.withBaseLr(1.5e-3f));
            Map<String, String> options = Map.of();
            if (tec) {
                // TEC's step costs the same whatever the base's weights: a random ViT of the same size serves
                Path base = tmp.resolve("base");
                BackboneFiles.write(base, Backbone.randomInit(spec, 1L));
                options = Map.of(TecSettings.BASE, base.toString(), TecSettings.ADAPTER_GROUP,
                        spec.asVit("tec").depth() % 3 == 0 ? "3" : "1");
            }
            method.pretrain(new PretrainMethod.Request(images, spec, settings, dir, false, device, options));
            TrainLog log = TrainLog.read(dir.resolve(TrainingLoop.LOG_FILE));
            double start = elapsedAt(log, warmup);
            double end = elapsedAt(log, total);
            return new Case(tec ? name : spec.name(), batch, warmup, steps, end - start, phaseMs(dir.resolve(TrainingLoop.LOG_FILE), warmup));
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    /** The table; with PyTorch eager figures (keyed by {@link TorchReference#key}) it adds their column and the ratio. */
    static String markdown(List<Case> cases, Device device, Map<String, Double> reference) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "Training throughput on %s, %d cores: SimSiam (`unified`, two views per image) for ResNets, MAE (`mae`, one view, "
                        + "75 %% masked) for ViTs, TEC (`tec:`, the frozen base on the full view, the student on 25 %%) where named; "
                        + "images/s over the timed steps.%n%n",
                device, Runtime.getRuntime().availableProcessors()));
        boolean ref = !reference.isEmpty();
        md.append("| backbone | batch | warm-up steps | timed steps | images/s | ms / step |")
                .append(ref ? " PyTorch eager images/s | ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|\n" : "\n|---|---:|---:|---:|---:|---:|\n");
        for (Case c : cases) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.0f |", c.backbone(), c.batch(), c.warmup(), c.steps(),
                    c.imagesPerSecond(), 1000 * c.seconds() / c.steps()));
            if (ref) {
                Double eager = reference.get(TorchReference.key(c.backbone(), c.batch()));
                md.append(eager == null ? " – | – |" : String.format(Locale.ROOT, " %.0f | %.2f× |", eager, c.imagesPerSecond() / eager));
            }
            md.append('\n');
        }
        md.append("\nStep profile, ms per timed step (views are augmented ahead on another thread; other: waiting for them, logging, checkpoint, loop):\n\n")
                .append("| backbone | batch | forward | backward | optimizer | other |\n|---|---:|---:|---:|---:|---:|\n");
        for (Case c : cases) {
            double total = 1000 * c.seconds() / c.steps();
            double f = c.phaseMs().get("msForward");
            double b = c.phaseMs().get("msBackward");
            double o = c.phaseMs().get("msOptimizer");
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", c.backbone(), c.batch(), f, b, o,
                    total - f - b - o));
        }
        return md.toString();
    }

    /** Mean ms per step of each timed phase over the steps after {@code warmup} (every step is logged). */
    private static Map<String, Double> phaseMs(Path logFile, int warmup) throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Double> sum = new java.util.LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(logFile)) {
            com.fasterxml.jackson.databind.JsonNode node = json.readTree(line);
            if (node.path("step").asLong() > warmup) {
                n++;
                for (String p : PHASES) {
                    sum.merge(p, node.path(p).asDouble(Double.NaN), Double::sum);
                }
            }
        }
        int steps = Math.max(n, 1);
        sum.replaceAll((k, v) -> v / steps);
        return sum;
    }

    /** Elapsed seconds logged at {@code step} (0 before the first step). */
    private static double elapsedAt(TrainLog log, long step) {
        if (step == 0) {
            return 0;
        }
        return log.points().stream().filter(p -> p.step() == step).findFirst().map(TrainLog.Point::elapsedSec)
                .orElseThrow(() -> new IllegalStateException("training log has no line for step " + step));
    }

    private static ImageSet randomImages(int n, long seed) {
        byte[] pixels = new byte[n * 3 * ImageSet.DEFAULT_SIZE * ImageSet.DEFAULT_SIZE];
        new SplittableRandom(seed).nextBytes(pixels);
        return ImageSet.unlabeled("random-" + n, 3, ImageSet.DEFAULT_SIZE, pixels);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positiveInt(String[] args, int i) {
        int v = parseInt(value(args, i), args[i - 1]);
        if (v <= 0) {
            throw usage(args[i - 1] + " must be positive, got " + v);
        }
        return v;
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw usage(what + ": '" + s + "' is not a number");
        }
    }

    private static IllegalStateException usage(String message) {
        return UsageError.exit("throughput", message, USAGE);
    }
}
