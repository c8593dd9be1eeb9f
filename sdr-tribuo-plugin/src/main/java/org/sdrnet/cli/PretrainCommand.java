package org.sdrnet.cli;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.nn.Devices;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TrainingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sdr pretrain}: pretrain a backbone with a named method into a run directory (resumable). */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pretrain a backbone on unlabeled images (or, for trex, labelled ones); writes <out>/checkpoint and "
                + "<out>/train-log.jsonl.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "unified", paramLabel = "NAME",
            description = "Pretraining method (default: ${DEFAULT-VALUE}); `sdr pretrain --list-methods` shows all.")
    String method;

    @Option(names = "--list-methods", description = "List the registered methods and their options, and exit.")
    boolean listMethods;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
            description = "A method-specific setting, e.g. -o groups=4 -o siamKd=1 for sdr, -o widths=0.25,0.5,1 for dspnet, "
                    + "-o projectorDepth=1 for trex (see --list-methods).")
    java.util.Map<String, String> options = new java.util.LinkedHashMap<>();

    @Option(names = "--backbone", defaultValue = "tiny", paramLabel = "PRESET",
            description = "tiny or small (ResNets), vit-tiny or vit-test (Vision Transformers; default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--widths", split = ",", paramLabel = "W1,W2,…",
            description = "Channel width of each stage of a ResNet, replacing the preset's (e.g. 24,48,96,192; default: the preset's).")
    int[] widths;

    @Option(names = "--pooling", paramLabel = "cls|mean",
            description = "Feature of a Vision Transformer: the CLS token or the mean of the patch tokens (default: cls).")
    String pooling;

    @Option(names = "--base", paramLabel = "FILE_OR_RUN",
            description = "tec: the frozen base model, an mae run or checkpoint directory or an exported .onnx ViT "
                    + "(the same as -o base=…).")
    String base;

    @Option(names = "--out", defaultValue = "runs/pretrain", paramLabel = "DIR", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the checkpoint in --out (after a crash or kill).")
    boolean resume;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--skip-unreadable", description = "With a labelled --data folder (trex): skip pictures that cannot be "
            + "read (counted on stderr) instead of refusing them. An unlabeled folder always skips them, counted on stderr.")
    boolean skipUnreadable;

    @Mixin
    DataOptions data;

    @Mixin
    PoolOptions pool;

    @Mixin
    TrainOptions train;

    @Override
    public Integer call() {
        if (listMethods) {
            for (PretrainMethod m : Services.all(PretrainMethod.class)) {
                System.out.printf("  %-10s %s%n", m.name(), m.description());
                m.options().forEach((k, v) -> System.out.printf("      -o %s=…  %s%n", k, v));
            }
            return 0;
        }
        PretrainMethod m = Services.find(PretrainMethod.class, method);
        if (base != null) {
            if (!m.options().containsKey("base")) {
                throw new IllegalArgumentException("--base is for methods that learn from a base model (tec); method '" + m.name()
                        + "' takes none");
            }
            if (options.containsKey("base") && !options.get("base").equals(base)) {
                throw new IllegalArgumentException("--base " + base + " and -o base=" + options.get("base") + " disagree; give one");
            }
            options.put("base", base);
        }
        BackboneSpec spec = spec();
        LoopSettings loop = train.settings(m.loopDefaults(options));
        Device dev = Devices.choose(device);
        ImageSet images = pool.load(data, loop.seed(), m.needsLabels(), skipUnreadable);
        System.err.println("sdr pretrain: " + m.name() + " on " + images + " with " + spec + "; " + Devices.describe(dev));
        if (resume && RunDirectory.methods(out).isEmpty()) {
            System.err.println("sdr pretrain: --resume: " + out + " holds no checkpoint yet; starting a new run there");
        }
        TrainingSummary s = m.pretrain(new PretrainMethod.Request(images, spec, loop, out, resume, dev, options));
        System.out.printf("%s: %d/%d steps in %.1f s (%.0f images/s), last loss %.4f; checkpoint %s%n",
                s.finished() ? "finished" : "stopped", s.globalStep(), s.totalSteps(), s.seconds(), s.imagesPerSecond(),
                s.lastLoss(), s.checkpoint());
        return 0;
    }

    /** The preset named by --backbone with --widths (ResNets) or --pooling (ViTs) applied. */
    private BackboneSpec spec() {
        BackboneSpec spec = BackboneSpec.preset(backbone);
        if (widths != null) {
            spec = spec.asResNet("--widths").withWidths(widths);
        }
        if (pooling != null) {
            spec = spec.asVit("--pooling").withPooling(VitSpec.Pooling.parse(pooling));
        }
        return spec;
    }
}
