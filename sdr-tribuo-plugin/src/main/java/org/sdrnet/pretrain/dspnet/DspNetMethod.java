package org.sdrnet.pretrain.dspnet;

import ai.djl.ndarray.NDManager;
import org.sdrnet.pretrain.RunDirectory;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.simsiam.ViewOptions;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dspnet} method (Wang et al. 2022; METHODS.md §2): one slimmable network trained once, by a BYOL-style loss
 * at full width against an EMA teacher and distillation of that teacher into the smallest and one random width per
 * step ({@link DspNetObjective}). Afterwards every trained width is a plain backbone ({@link DspNetRun#backbone}).
 * <p>
 * Run directory: {@code checkpoint/} (online network, EMA teacher, optimizer state) and {@code train-log.jsonl}, written
 * and resumed by the shared {@link TrainingLoop}.
 */
public final class DspNetMethod implements PretrainMethod {
    public static final String NAME = "dspnet";
    private final DspNetSettings settings;

    /** ServiceLoader constructor: METHODS.md §2's defaults. */
    public DspNetMethod() {
        this(DspNetSettings.defaults());
    }

    public DspNetMethod(DspNetSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DSPNet: one slimmable network trained once (EMA teacher, sandwich-rule distillation); any width exports";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(DspNetSettings.WIDTHS, "width multipliers, ascending, comma-separated, ending in 1 (default 0.25,0.5,0.75,1)");
        o.put(DspNetSettings.TEACHER_MOMENTUM, "momentum m of the EMA teacher, in (0, 1) (default 0.99)");
        o.putAll(ViewOptions.help());
        return o;
    }

    /** These settings with the request's options applied; an unknown option or a bad value is an error naming it. */
    DspNetSettings settingsFor(Request r) {
        checkOptions(r);
        DspNetSettings s = settings;
        for (Map.Entry<String, String> e : r.options().entrySet()) {
            String v = e.getValue().trim();
            try {
                s = switch (e.getKey()) {
                    case DspNetSettings.WIDTHS -> s.withWidths(Arrays.stream(v.split(",")).map(String::trim)
                            .mapToDouble(Double::parseDouble).toArray());
                    case DspNetSettings.TEACHER_MOMENTUM -> s.withTeacherMomentum(Float.parseFloat(v));
                    default -> s; // an augmentation option, read by ViewOptions
                };
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("method 'dspnet': option " + e.getKey() + " = '" + v + "' is not "
                        + (e.getKey().equals(DspNetSettings.WIDTHS) ? "a comma-separated list of numbers" : "a number"));
            }
        }
        return s;
    }

    @Override
    public TrainingSummary pretrain(Request r) {
        DspNetSettings s = settingsFor(r);
        RunDirectory.requireOnly(r.runDir(), NAME);
        try (NDManager manager = NDManager.newBaseManager(r.device())) {
            DspNetwork online = new DspNetwork(s.slimmable(r.backbone().asResNet("method '" + NAME + "'")), s.heads());
            online.initialize(manager, r.loop().seed());
            EmaTeacher teacher = EmaTeacher.of(online, s.heads(), manager);
            DspNetObjective objective = new DspNetObjective(online, teacher, s, r.loop().seed(), r.pool(),
                    ViewOptions.augmenter(r.options()));
            return new TrainingLoop(objective, r.pool(), r.loop(), r.device()).run(r.runDir(), r.resume(), manager);
        }
    }
}
