package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.it.bench.harness.Budget;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.FrozenEvaluation;
import org.sdrnet.it.bench.harness.Provenance;
import org.sdrnet.it.bench.harness.ResultsWriter;
import org.sdrnet.it.bench.harness.SdrVsUnifiedExperiment;
import org.sdrnet.it.bench.harness.SdrVsUnifiedResults;
import org.sdrnet.it.bench.harness.SeedComparison;
import org.sdrnet.it.bench.harness.UsageError;
import org.sdrnet.it.bench.harness.Variant;
import org.sdrnet.nn.Devices;
import org.sdrnet.route.RoutingSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TransferScore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 6's experiment {@code sdr-vs-unified} ({@link SdrVsUnifiedExperiment}) under a named {@link Budget}, written to
 * a results directory (docs/benchmarks.md). With {@code --seeds N} it runs N seeds (the experiment's seed, +1, …) into
 * {@code OUT/seed-<S>/} and summarises them in {@code OUT/seeds.md} (mean ± sd, paired differences with 95 %
 * intervals; {@link SeedSummary}); {@code --baselines} adds raw pixels and random init, {@code --oracle} the best
 * routing candidate on the test split (analysis only), per seed in {@code comparison.json}. For ablations,
 * {@code --option METHOD:KEY=VALUE} (repeatable; method {@code unified}, {@code sdr} or {@code all}) passes a method
 * option as {@code sdr pretrain -o} does, {@code --margin F} sets the routing margin ({@link Variant}) and
 * {@code --score NAME} the transfer score routing ranks candidates by (default {@code knn}), {@code --recalibrate-bn}
 * has routing score (and hand out) each sub-net with BatchNorm statistics of its cluster's pool images; {@code --no-per-domain}
 * skips the single-domain models of the negative-transfer study (ablation rows that change only routing or SDR).
 * <p>
 * Usage: {@code scripts/bench sdr-vs-unified BUDGET OUT_DIR [--seeds N] [--baselines] [--oracle]
 * [--option METHOD:KEY=VALUE]... [--margin F] [--score NAME] [--recalibrate-bn] [--no-per-domain] [--reuse] [--device auto|cpu|gpu|gpu:N]}
 */
public final class SdrVsUnified {
    static final String USAGE = "usage: scripts/bench sdr-vs-unified BUDGET OUT_DIR [--seeds N] [--baselines] [--oracle] "
            + "[--option METHOD:KEY=VALUE]... [--margin F] [--score NAME] [--recalibrate-bn] [--no-per-domain] [--reuse] [--device auto|cpu|gpu|gpu:N]";
    static final String SUMMARY = "seeds.md";

    private SdrVsUnified() {
    }

    public static void main(String[] args) {
        List<String> positional = new ArrayList<>();
        boolean reuse = false;
        boolean baselines = false;
        boolean oracle = false;
        int seeds = 1;
        List<String> options = new ArrayList<>();
        double margin = 0;
        String score = null;
        boolean perDomain = true;
        boolean recalibrateBn = false;
        String device = "auto";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reuse" -> reuse = true;
                case "--baselines" -> baselines = true;
                case "--oracle" -> oracle = true;
                case "--no-per-domain" -> perDomain = false;
                case "--recalibrate-bn" -> recalibrateBn = true;
                case "--option" -> {
                    if (i + 1 >= args.length) {
                        throw fail("--option needs METHOD:KEY=VALUE");
                    }
                    options.add(args[++i]);
                }
                case "--margin" -> {
                    try {
                        margin = Double.parseDouble(i + 1 < args.length ? args[++i] : "");
                    } catch (NumberFormatException e) {
                        throw fail("--margin needs a number, e.g. 0.01 (one point of accuracy)");
                    }
                }
                case "--score" -> {
                    if (i + 1 >= args.length) {
                        throw fail("--score needs a transfer score name, e.g. linear-cv");
                    }
                    score = args[++i];
                }
                case "--seeds" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("[1-9][0-9]?")) {
                        throw fail("--seeds needs a number of seeds from 1 to 99");
                    }
                    seeds = Integer.parseInt(args[++i]);
                }
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
        Experiment experiment = Experiment.named("sdr-vs-unified").withPerDomainModels(perDomain);
        if (score != null) {
            try {
                experiment = experiment.withRoutingScore(Services.find(TransferScore.class, score).name());
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }
        Device dev = Devices.choose(device);
        String command = "scripts/bench sdr-vs-unified " + String.join(" ", args);
        System.err.println("[bench] " + experiment.name() + ", budget " + budget.name() + " (" + budget.description() + "), "
                + Devices.describe(dev) + ", results in " + out);
        Variant variant;
        try {
            variant = Variant.parse(options, margin, recalibrateBn);
            RoutingSettings.defaults().withMargin(margin); // a bad margin fails here, before any work
            for (String method : experiment.methods()) {
                Map<String, String> known = Services.find(PretrainMethod.class, method).options();
                for (String key : variant.optionsFor(method).keySet()) {
                    if (!known.containsKey(key)) {
                        throw new IllegalArgumentException("method '" + method + "' has no option '" + key + "'; available: "
                                + String.join(", ", known.keySet()));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        Map<String, Object> provenance = Provenance.collect();
        FrozenEvaluation evaluation = new FrozenEvaluation(FeatureEvaluator.Protocol.defaults(), dev);
        List<Path> comparisons = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            Experiment seeded = experiment.withSeed(experiment.seed() + i);
            Path dir = seeds == 1 ? out : out.resolve("seed-" + seeded.seed());
            if (seeds > 1) {
                System.err.println("[bench] seed " + seeded.seed() + " (" + (i + 1) + " of " + seeds + ") in " + dir);
            }
            SdrVsUnifiedExperiment runner = new SdrVsUnifiedExperiment(seeded, budget, dir, reuse, dev, DataCatalog.defaults(), variant);
            SdrVsUnifiedResults results = runner.run(command);
            List<Path> written = new ArrayList<>(ResultsWriter.write(dir, results, provenance));
            if (seeds > 1 || baselines || oracle) {
                Path c = SeedComparison.write(dir, SeedComparison.table(results, runner, runner.tasks(), evaluation, oracle, baselines));
                comparisons.add(c);
                written.add(c);
            }
            System.err.println("[bench] wrote " + written.size() + " files:");
            written.forEach(p -> System.err.println("[bench]   " + p));
            if (seeds == 1) {
                System.out.print(org.sdrnet.it.bench.harness.ResultsMarkdown.render(results, provenance));
            }
        }
        if (seeds > 1) {
            SeedSummary summary = new SeedSummary();
            try {
                for (Path c : comparisons) {
                    summary.read(c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + comparisons, e);
            }
            String md = "# " + experiment.name() + " over " + seeds + " seeds, budget " + budget.name() + "\n\n`" + command
                    + "`\n\n" + summary.markdown(seeds);
            AtomicFiles.writeString(out.resolve(SUMMARY), md);
            System.err.println("[bench] wrote " + out.resolve(SUMMARY));
            System.out.print(md);
        }
    }

    /** Prints the problem and the usage, and exits with status 2 (the return value only satisfies the compiler). */
    private static IllegalStateException fail(String message) {
        return UsageError.exit("sdr-vs-unified", message, USAGE);
    }
}
