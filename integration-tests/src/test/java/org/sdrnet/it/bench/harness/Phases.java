package org.sdrnet.it.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Times the phases of an experiment and prints each one's start and end, so a long run shows where it is. */
public final class Phases {

    /** One finished phase and its wall time. */
    public record Phase(String name, double seconds) {
    }

    private final List<Phase> done = new ArrayList<>();
    private final int planned;

    /** @param planned how many phases the experiment will run, for the "phase i/n" prefix */
    public Phases(int planned) {
        this.planned = planned;
    }

    /** Runs {@code body} as the next phase, named {@code name}, and returns its result. */
    public <T> T run(String name, Supplier<T> body) {
        int index = done.size() + 1;
        System.err.printf(Locale.ROOT, "[bench] phase %d/%d: %s%n", index, planned, name);
        long t0 = System.nanoTime();
        T result = body.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        done.add(new Phase(name, seconds));
        System.err.printf(Locale.ROOT, "[bench] phase %d/%d done in %.1f s: %s%n", index, planned, seconds, name);
        return result;
    }

    /** The finished phases in order. */
    public List<Phase> done() {
        return List.copyOf(done);
    }

    /** Wall time of all finished phases. */
    public double totalSeconds() {
        return done.stream().mapToDouble(Phase::seconds).sum();
    }
}
