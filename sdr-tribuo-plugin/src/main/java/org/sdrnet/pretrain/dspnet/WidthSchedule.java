package org.sdrnet.pretrain.dspnet;

import org.sdrnet.data.Sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Which widths run in a step under the sandwich rule (Yu &amp; Huang's universally slimmable networks, as DSPNet uses it;
 * METHODS.md §2): always the full width and the smallest, plus one width drawn uniformly from those strictly between
 * them (none when there are only two widths). The draw is a function of the run seed and the global step only, so a
 * resumed run draws what the uninterrupted one drew.
 */
public final class WidthSchedule {
    private static final long SALT = 0xD5B1L;
    private final double[] widths;
    private final long seed;

    /** @param widths ascending, the last 1.0 ({@link DspNetSettings#widths()}) */
    public WidthSchedule(double[] widths, long seed) {
        this.widths = widths.clone();
        this.seed = seed;
    }

    /** The random middle width of {@code step}, or {@code NaN} when the widths have no middle. */
    public double randomWidthAt(long step) {
        int middle = widths.length - 2;
        if (middle <= 0) {
            return Double.NaN;
        }
        return widths[1 + new Random(Sampling.mix(seed, SALT, step)).nextInt(middle)];
    }

    /** The widths run in {@code step}: full first, then the smallest, then the random one (if any). */
    public List<Double> activeAt(long step) {
        List<Double> active = new ArrayList<>();
        active.add(widths[widths.length - 1]);
        active.add(widths[0]);
        double r = randomWidthAt(step);
        if (!Double.isNaN(r)) {
            active.add(r);
        }
        return active;
    }
}
