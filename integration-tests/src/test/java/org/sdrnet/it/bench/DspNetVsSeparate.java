package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.it.bench.harness.BenchArgs;
import org.sdrnet.it.bench.harness.Budget;
import org.sdrnet.it.bench.harness.DspNetVsSeparateExperiment;
import org.sdrnet.it.bench.harness.DspNetVsSeparateReport;
import org.sdrnet.it.bench.harness.DspNetVsSeparateResults;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.Provenance;
import org.sdrnet.nn.Devices;
import org.sdrnet.pretrain.dspnet.DspNetSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue 17 item 4's experiment {@code dspnet-vs-separate} ({@link DspNetVsSeparateExperiment}) under a named
 * {@link Budget}: one dspnet run against a separately pretrained network of each of its widths, evaluated by kNN and
 * linear probe, with the training cost of both. {@code --seeds N} runs the seeds 42, 43, … into {@code OUT/seed-<S>/}
 * (one seed: into {@code OUT}) and writes {@code OUT/seeds.md} and {@code OUT/seeds.json} (mean ± sd, paired
 * differences with 95 % intervals, cost ratios). {@code --reuse} keeps finished runs and resumes killed ones.
 * <p>
 * {@code --widths 0.25,0.5,0.75,1} sets the widths (dspnet's own validation; default its four): with more widths the
 * separate runs' total cost grows with Σw² while the dspnet run's stays about the same.
 * <p>
 * Usage: {@code scripts/bench dspnet-vs-separate BUDGET OUT_DIR [--seeds N] [--widths LIST] [--reuse] [--device auto|cpu|gpu|gpu:N]}
 */
public final class DspNetVsSeparate {
    static final String USAGE = "usage: scripts/bench dspnet-vs-separate BUDGET OUT_DIR [--seeds N] [--widths LIST] [--reuse] [--device auto|cpu|gpu|gpu:N]";
    static final String WIDTHS = "--widths";

    private DspNetVsSeparate() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("dspnet-vs-separate: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** The widths of {@code --widths} (null: dspnet's defaults), validated as dspnet validates them. */
    static double[] widths(String list) {
        if (list == null) {
            return DspNetSettings.defaults().widths();
        }
        try {
            double[] w = Arrays.stream(list.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
            return DspNetSettings.defaults().withWidths(w).widths();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--widths needs comma-separated numbers, e.g. 0.25,0.5,0.75,1; got '" + list + "'");
        }
    }

    /** Parses {@code args}, runs every seed and writes the files; returns the seeds' results. Bad arguments throw. */
    public static List<DspNetVsSeparateResults> run(String... args) {
        BenchArgs a = BenchArgs.parse(args, java.util.Set.of(WIDTHS));
        double[] widths = widths(a.options().get(WIDTHS));
        Budget budget = a.budget();
        Path out = Path.of(a.out());
        boolean reuse = a.reuse();
        int seeds = a.seeds();
        String device = a.device();
        Experiment experiment = Experiment.named("dspnet-vs-separate");
        Device dev = Devices.choose(device);
        String command = "scripts/bench dspnet-vs-separate " + String.join(" ", args);
        System.err.println("[bench] " + experiment.name() + ", budget " + budget.name() + " (" + budget.description() + "), "
                + Devices.describe(dev) + ", results in " + out);
        Map<String, Object> provenance = Provenance.collect();
        List<DspNetVsSeparateResults> results = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            Experiment seeded = experiment.withSeed(experiment.seed() + i);
            Path dir = seeds == 1 ? out : out.resolve("seed-" + seeded.seed());
            System.err.println("[bench] seed " + seeded.seed() + " (" + (i + 1) + " of " + seeds + ") in " + dir);
            DspNetVsSeparateResults r = new DspNetVsSeparateExperiment(seeded, budget, dir, reuse, dev, DataCatalog.defaults(), widths)
                    .run(command);
            results.add(r);
            DspNetVsSeparateReport.write(dir, r, provenance).forEach(p -> System.err.println("[bench]   wrote " + p));
        }
        List<Path> summary = DspNetVsSeparateReport.writeSummary(out, results, command);
        summary.forEach(p -> System.err.println("[bench] wrote " + p));
        System.out.print(DspNetVsSeparateReport.summaryMarkdown(results, command));
        return results;
    }
}
