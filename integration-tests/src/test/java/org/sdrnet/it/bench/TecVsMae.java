package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.it.bench.harness.BenchArgs;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.Provenance;
import org.sdrnet.it.bench.harness.TecVsMaeExperiment;
import org.sdrnet.it.bench.harness.TecVsMaeReport;
import org.sdrnet.it.bench.harness.TecVsMaeResults;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.VitSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 19's acceptance experiment {@code tec-vs-mae} ({@link TecVsMaeExperiment}) under a named budget: per seed an MAE
 * base for the budget's E epochs, a TEC student for E' epochs on it, and the MAE continued E' more epochs from the base's
 * weights; the linear probe of all three over the tasks. {@code --seeds N} runs the seeds 42, 43, … into
 * {@code OUT/seed-<S>/} (one seed: into {@code OUT}) and writes {@code OUT/seeds.md} and {@code OUT/seeds.json} (mean ± sd,
 * paired differences with 95 % intervals). {@code --reuse} keeps finished runs and resumes killed ones.
 * <p>
 * Usage: {@code scripts/bench tec-vs-mae BUDGET OUT_DIR [--seeds N] [--extra-epochs E'] [--vit vit-tiny|vit-test] [--reuse]
 * [--device DEV]}; E' defaults to the budget's epochs, the ViT to vit-tiny (vit-test only checks the pipeline faster).
 */
public final class TecVsMae {
    static final String USAGE = "usage: scripts/bench tec-vs-mae BUDGET OUT_DIR [--seeds N] [--extra-epochs N] [--vit vit-tiny|vit-test] "
            + "[--reuse] [--device auto|cpu|gpu|gpu:N]";
    static final String EXTRA_EPOCHS = "--extra-epochs";
    static final String VIT = "--vit";

    private TecVsMae() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("tec-vs-mae: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Parses {@code args}, runs every seed and writes the files; returns the seeds' results. Bad arguments throw. */
    public static List<TecVsMaeResults> run(String... args) {
        BenchArgs a = BenchArgs.parse(args, Set.of(EXTRA_EPOCHS, VIT));
        int extra = extraEpochs(a.options().get(EXTRA_EPOCHS), a.budget().epochs());
        VitSpec vit = VitSpec.preset(a.options().getOrDefault(VIT, "vit-tiny"));
        Path out = Path.of(a.out());
        Experiment experiment = Experiment.named("tec-vs-mae");
        Device dev = Devices.choose(a.device());
        String command = "scripts/bench tec-vs-mae " + String.join(" ", args);
        System.err.println("[bench] " + experiment.name() + ", budget " + a.budget().name() + " (" + a.budget().description() + "), "
                + vit.name() + ", E' = " + extra + ", " + Devices.describe(dev) + ", results in " + out);
        Map<String, Object> provenance = Provenance.collect();
        List<TecVsMaeResults> results = new ArrayList<>();
        for (int i = 0; i < a.seeds(); i++) {
            Experiment seeded = experiment.withSeed(experiment.seed() + i);
            Path dir = a.seeds() == 1 ? out : out.resolve("seed-" + seeded.seed());
            System.err.println("[bench] seed " + seeded.seed() + " (" + (i + 1) + " of " + a.seeds() + ") in " + dir);
            TecVsMaeResults r = new TecVsMaeExperiment(seeded, a.budget(), dir, a.reuse(), dev, DataCatalog.defaults(), vit, extra)
                    .run(command);
            results.add(r);
            TecVsMaeReport.write(dir, r, provenance).forEach(p -> System.err.println("[bench]   wrote " + p));
        }
        TecVsMaeReport.writeSummary(out, results, command).forEach(p -> System.err.println("[bench] wrote " + p));
        System.out.print(TecVsMaeReport.summaryMarkdown(results, command));
        return results;
    }

    /** E' from {@code --extra-epochs}, or the budget's epochs; anything but a positive number is an error naming it. */
    static int extraEpochs(String s, int budgetEpochs) {
        if (s == null) {
            return budgetEpochs;
        }
        try {
            int e = Integer.parseInt(s.trim());
            if (e >= 1) {
                return e;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(EXTRA_EPOCHS + " needs a positive number of epochs, got '" + s + "'");
    }
}
