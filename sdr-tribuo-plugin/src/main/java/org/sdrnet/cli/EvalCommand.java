package org.sdrnet.cli;

import org.sdrnet.data.ImageSet;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.BatchNormRecalibration;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.runtime.OnnxBackboneRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** {@code sdr eval}: kNN and linear-probe accuracy of frozen backbones on downstream tasks, as a table. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate frozen backbones (kNN, linear probe) on downstream tasks and print a table.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Checkpoint directory or run directory (repeatable).")
    List<Path> checkpoints = new ArrayList<>();

    @Option(names = "--onnx", paramLabel = "FILE", description = "An exported .onnx backbone, run with ONNX Runtime (repeatable).")
    List<Path> onnx = new ArrayList<>();

    @Option(names = "--run", paramLabel = "DIR", description = "An SDR run directory; evaluate its sub-nets given by --path.")
    Path run;

    @Option(names = "--path", split = ";", paramLabel = "G1,G2,…", description = "SDR sub-net paths to evaluate (with --run), ';'-separated.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--random-init", paramLabel = "PRESET",
            description = "Also evaluate a randomly initialised backbone of this preset (tiny, small, vit-tiny, …) as a baseline.")
    String randomInit;

    @Option(names = "--pixels", description = "Also evaluate raw normalised pixels (the floor a backbone should clear).")
    boolean pixels;

    @Option(names = "--protocol", split = ",", defaultValue = "knn,linear", paramLabel = "P",
            description = "knn, linear or both (default: ${DEFAULT-VALUE}).")
    List<String> protocol;

    @Option(names = "--recalibrate-bn", description = "Also evaluate every checkpoint, sub-net and random-init backbone with "
            + "its BatchNorm statistics re-estimated on the un-augmented pool given by --pool/--data and --preset (loaded "
            + "with --seed, as sdr pretrain loads it); columns '<name> +bn'.")
    boolean recalibrateBn;

    @Mixin
    PoolOptions pool;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
    Path json;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of task splits and probes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Mixin
    DataOptions data;

    @Mixin
    TaskOptions tasks;

    @Override
    public Integer call() throws Exception {
        // every input is checked before any evaluation, so a bad last argument does not cost the others' results
        Evaluation.checkProtocol(protocol);
        Set<Path> seen = new HashSet<>();
        for (Path p : Stream.concat(checkpoints.stream(), onnx.stream()).toList()) {
            if (!seen.add(p.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(p + " is given twice");
            }
        }
        for (Path f : onnx) {
            try (OnnxBackboneRunner checked = OnnxBackboneRunner.open(f)) {
                checked.featureDim();
            }
        }
        Map<String, Backbone> models = new LinkedHashMap<>();
        for (Path c : checkpoints) {
            Path dir = Files.isDirectory(c.resolve(TrainingLoop.CHECKPOINT_DIR)) ? c.resolve(TrainingLoop.CHECKPOINT_DIR) : c;
            models.put(columnName(models.keySet(), c), CheckpointStore.backbone(dir));
        }
        if (run != null) {
            SdrRun sdr = SdrRun.open(run);
            for (String p : paths) {
                models.put("sdr " + p, sdr.subnet(ExportCommand.parsePath(p)));
            }
        } else if (!paths.isEmpty()) {
            throw new IllegalArgumentException("--path needs --run (the SDR run directory)");
        }
        if (randomInit != null) {
            models.put("random-init", Backbone.randomInit(BackboneSpec.preset(randomInit), seed));
        }
        if (models.isEmpty() && onnx.isEmpty() && !pixels) {
            throw new IllegalArgumentException("nothing to evaluate: give --checkpoint DIR, --onnx FILE, --run DIR --path …, "
                    + "and/or --random-init PRESET");
        }
        ai.djl.Device dev = Devices.choose(device);
        if (recalibrateBn) {
            if (models.isEmpty()) {
                throw new IllegalArgumentException("--recalibrate-bn needs a --checkpoint, --run with --path, or --random-init");
            }
            ImageSet images = pool.load(data, seed);
            System.err.println("sdr: recalibrating BatchNorm statistics on " + images.name() + " (" + images.size() + " images)");
            Map<String, Backbone> recalibrated = new LinkedHashMap<>();
            models.forEach((name, b) -> recalibrated.put(name + " +bn", BatchNormRecalibration.recalibrate(b, images, dev, seed)));
            models.putAll(recalibrated);
        }
        Map<String, Supplier<ImageFeatures>> sources = new LinkedHashMap<>();
        models.forEach((name, b) -> sources.put(name, () -> new DjlFeatureExtractor(b, dev)));
        for (Path f : onnx) {
            sources.put(columnName(sources.keySet(), f), () -> OnnxBackboneRunner.open(f));
        }
        if (pixels) {
            sources.put("pixels", () -> new org.sdrnet.nn.PixelFeatures(32));
        }
        ResultsTable table = Evaluation.runFeatures(sources, tasks.load(data, seed), protocol);
        System.out.println(table.toMarkdown());
        if (json != null) {
            Evaluation.writeJson(table, json);
        }
        return 0;
    }

    /**
     * The column of model file or directory {@code p}: its name, or, when another model already has that name, as much
     * of its path as tells them apart ({@code a/routed.onnx} and {@code b/routed.onnx}).
     */
    static String columnName(Set<String> taken, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        for (int parts = 1; parts <= abs.getNameCount(); parts++) {
            String name = abs.subpath(abs.getNameCount() - parts, abs.getNameCount()).toString();
            if (!taken.contains(name)) {
                return name;
            }
        }
        throw new IllegalArgumentException(p + " is given twice");
    }
}
