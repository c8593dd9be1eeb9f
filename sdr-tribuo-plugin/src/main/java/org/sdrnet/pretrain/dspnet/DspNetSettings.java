package org.sdrnet.pretrain.dspnet;

import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;

import java.util.Arrays;

/**
 * Settings of DSPNet pretraining (METHODS.md §2; every value [our choice]).
 *
 * @param widths          width multipliers the slimmable network trains at: strictly ascending, each in (0, 1], at
 *                        least two, the last 1.0 (default {0.25, 0.5, 0.75, 1.0})
 * @param teacherMomentum m of the EMA teacher, t ← m·t + (1−m)·s after every update, in (0, 1) (default 0.99)
 * @param heads           projector / predictor sizes, SimSiam's defaults of this project
 */
public record DspNetSettings(double[] widths, float teacherMomentum, SimSiamSettings heads) {
    /** The setting names, as options and in error messages. */
    public static final String WIDTHS = "widths";
    public static final String TEACHER_MOMENTUM = "teacherMomentum";

    public DspNetSettings {
        if (widths == null || widths.length < 2) {
            throw new IllegalArgumentException("dspnet setting '" + WIDTHS + "' needs at least two widths (the smallest and 1.0), got "
                    + (widths == null ? "none" : Arrays.toString(widths)));
        }
        for (int i = 0; i < widths.length; i++) {
            if (!(widths[i] > 0 && widths[i] <= 1)) {
                throw new IllegalArgumentException("dspnet setting '" + WIDTHS + "': width " + widths[i] + " is outside (0, 1] in "
                        + Arrays.toString(widths));
            }
            if (i > 0 && widths[i] <= widths[i - 1]) {
                throw new IllegalArgumentException("dspnet setting '" + WIDTHS + "' must be strictly ascending: " + widths[i]
                        + " follows " + widths[i - 1] + " in " + Arrays.toString(widths));
            }
        }
        if (widths[widths.length - 1] != 1.0) {
            throw new IllegalArgumentException("dspnet setting '" + WIDTHS + "' must contain 1.0 (the full width learns from the "
                    + "teacher and holds the weights every width slices), got " + Arrays.toString(widths));
        }
        if (!(teacherMomentum > 0 && teacherMomentum < 1)) {
            throw new IllegalArgumentException("dspnet setting '" + TEACHER_MOMENTUM + "' (the EMA teacher's m) must be in (0, 1), got "
                    + teacherMomentum);
        }
        if (heads == null) {
            throw new IllegalArgumentException("dspnet: head sizes are missing");
        }
        widths = widths.clone();
    }

    /** METHODS.md §2: widths {0.25, 0.5, 0.75, 1.0}, m = 0.99, SimSiam's head sizes. */
    public static DspNetSettings defaults() {
        return new DspNetSettings(new double[] {0.25, 0.5, 0.75, 1.0}, 0.99f, SimSiamSettings.defaults());
    }

    public DspNetSettings withWidths(double... w) {
        return new DspNetSettings(w, teacherMomentum, heads);
    }

    public DspNetSettings withTeacherMomentum(float m) {
        return new DspNetSettings(widths, m, heads);
    }

    public DspNetSettings withHeads(SimSiamSettings h) {
        return new DspNetSettings(widths, teacherMomentum, h);
    }

    /** The slimmable form of {@code base} at these widths; a width that breaks the architecture is an error naming the setting. */
    public SlimmableSpec slimmable(ResNetSpec base) {
        try {
            return new SlimmableSpec(base, widths);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dspnet setting '" + WIDTHS + "': " + e.getMessage(), e);
        }
    }

    @Override
    public double[] widths() {
        return widths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspNetSettings s && Arrays.equals(widths, s.widths) && teacherMomentum == s.teacherMomentum
                && heads.equals(s.heads);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(widths) + Float.hashCode(teacherMomentum)) + heads.hashCode();
    }

    @Override
    public String toString() {
        return "DspNetSettings[widths=" + Arrays.toString(widths) + ", teacherMomentum=" + teacherMomentum + ", heads=" + heads + "]";
    }
}
