package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.it.bench.harness.Budget;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.Provenance;
import org.sdrnet.it.bench.harness.ResultsWriter;
import org.sdrnet.it.bench.harness.SdrVsUnifiedExperiment;
import org.sdrnet.it.bench.harness.SdrVsUnifiedResults;
import org.sdrnet.nn.Devices;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 6's experiment {@code sdr-vs-unified} ({@link SdrVsUnifiedExperiment}) under a named {@link Budget}, written to
 * a results directory (docs/benchmarks.md).
 * <p>
 * Usage: {@code scripts/bench sdr-vs-unified BUDGET OUT_DIR [--reuse] [--device auto|cpu|gpu|gpu:N]}
 */
public final class SdrVsUnified {
    static final String USAGE = "usage: scripts/bench sdr-vs-unified BUDGET OUT_DIR [--reuse] [--device auto|cpu|gpu|gpu:N]";

    private SdrVsUnified() {
    }

    public static void main(String[] args) {
        List<String> positional = new ArrayList<>();
        boolean reuse = false;
        String device = "auto";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reuse" -> reuse = true;
                case "--device" -> {
                    if (i + 1 >= args.length) {
                        throw fail("--device needs a value");
                    }
                    device = args[++i];
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        throw fail("unknown option " + args[i]);
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (positional.size() != 2) {
            throw fail("expected BUDGET and OUT_DIR, got " + positional + "; budgets: " + String.join(", ", Budget.names()));
        }
        Budget budget;
        try {
            budget = Budget.named(positional.get(0));
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        Path out = Path.of(positional.get(1));
        Experiment experiment = Experiment.named("sdr-vs-unified");
        Device dev = Devices.choose(device);
        String command = "scripts/bench sdr-vs-unified " + String.join(" ", args);
        System.err.println("[bench] " + experiment.name() + ", budget " + budget.name() + " (" + budget.description() + "), "
                + Devices.describe(dev) + ", results in " + out);
        Map<String, Object> provenance = Provenance.collect();
        SdrVsUnifiedResults results = new SdrVsUnifiedExperiment(experiment, budget, out, reuse, dev, DataCatalog.defaults()).run(command);
        List<Path> written = ResultsWriter.write(out, results, provenance);
        System.err.println("[bench] wrote " + written.size() + " files:");
        written.forEach(p -> System.err.println("[bench]   " + p));
        System.out.print(org.sdrnet.it.bench.harness.ResultsMarkdown.render(results, provenance));
    }

    /** Prints the problem and the usage, and exits with status 2 (the return value only satisfies the compiler). */
    private static IllegalStateException fail(String message) {
        System.err.println("sdr-vs-unified: " + message);
        System.err.println(USAGE);
        System.exit(2);
        return new IllegalStateException(message);
    }
}
