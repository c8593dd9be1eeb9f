package org.sdrnet.pretrain.dspnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.SlimmableResNet;
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.pretrain.TrainingLoop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished DSPNet run as export and evaluation see it: the slimmable spec it trained and the online backbone's
 * weights; {@link #backbone(double)} cuts out any of its widths as a plain {@link Backbone} (projector, predictor and
 * teacher are left behind).
 */
public final class DspNetRun {
    private final Path checkpoint;
    private final SlimmableSpec spec;
    private final Map<String, HostTensor> weights;
    private final Manifest manifest;

    private DspNetRun(Path checkpoint, SlimmableSpec spec, Map<String, HostTensor> weights, Manifest manifest) {
        this.checkpoint = checkpoint;
        this.spec = spec;
        this.weights = weights;
        this.manifest = manifest;
    }

    /** True when {@code dir} (a run directory or its checkpoint directory) holds a dspnet checkpoint. */
    public static boolean isDspNet(Path dir) {
        Path ckpt = checkpointDir(dir);
        return CheckpointStore.exists(ckpt) && isDspNetManifest(CheckpointStore.manifest(ckpt));
    }

    private static boolean isDspNetManifest(Manifest m) {
        return DspNetMethod.NAME.equals(m.method());
    }

    /** Opens the finished dspnet run in {@code dir} (run or checkpoint directory); a clear error when it is not one. */
    public static DspNetRun open(Path dir) {
        Path ckpt = checkpointDir(dir);
        Manifest m = CheckpointStore.manifest(ckpt);
        if (!isDspNetManifest(m)) {
            throw new IllegalArgumentException(dir + " is a '" + m.method() + "' run, not a dspnet run");
        }
        if (!m.progress().finished()) {
            throw new IllegalArgumentException("dspnet run " + dir + " is not finished (step " + m.progress().globalStep() + "/"
                    + m.progress().totalSteps() + "); resume it first");
        }
        double[] widths = Json.MAPPER.convertValue(m.settings().get(DspNetSettings.WIDTHS), double[].class);
        if (widths == null) {
            throw new IllegalArgumentException("dspnet checkpoint " + ckpt + " records no '" + DspNetSettings.WIDTHS + "' setting");
        }
        SlimmableSpec spec = new SlimmableSpec(m.backbone().asResNet("dspnet checkpoint " + ckpt), widths);
        Map<String, HostTensor> w = new LinkedHashMap<>();
        String prefix = DspNetObjective.ONLINE + "backbone.";
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (Map.Entry<String, NDArray> e : CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, manager).entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    w.put(e.getKey().substring(prefix.length()), HostTensor.of(e.getValue()));
                }
            }
        }
        return new DspNetRun(ckpt, spec, w, m);
    }

    private static Path checkpointDir(Path dir) {
        Path c = dir.resolve(TrainingLoop.CHECKPOINT_DIR);
        return Files.isDirectory(c) ? c : dir;
    }

    public SlimmableSpec spec() {
        return spec;
    }

    /** The widths this run trained. */
    public double[] widths() {
        return spec.multipliers();
    }

    /**
     * Width {@code width} as a plain backbone (spec {@link SlimmableSpec#specAt}), with provenance: checkpoint, method,
     * data, step, seed, the width and the slimmable spec. A width the run did not train is an error listing those it did.
     */
    public Backbone backbone(double width) {
        if (Arrays.stream(widths()).noneMatch(w -> w == width)) {
            throw new IllegalArgumentException("width " + width + " is not one of the widths " + Arrays.toString(widths())
                    + " dspnet run " + checkpoint + " trained");
        }
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("checkpoint", checkpoint.toAbsolutePath().toString());
        prov.put("method", manifest.method());
        prov.put("data", manifest.data().name());
        prov.put("dataFingerprint", manifest.data().fingerprint());
        prov.put("globalStep", Long.toString(manifest.progress().globalStep()));
        prov.put("seed", Long.toString(manifest.seed()));
        prov.put("width", Double.toString(width));
        prov.put("slimmable", spec.toString());
        return new Backbone(spec.specAt(width), SlimmableResNet.extract(spec, weights, width), prov);
    }
}
