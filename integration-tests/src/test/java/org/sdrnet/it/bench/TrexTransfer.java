package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.it.bench.harness.BenchArgs;
import org.sdrnet.it.bench.harness.Experiment;
import org.sdrnet.it.bench.harness.Provenance;
import org.sdrnet.it.bench.harness.TrexTransferExperiment;
import org.sdrnet.it.bench.harness.TrexTransferReport;
import org.sdrnet.it.bench.harness.TrexTransferResults;
import org.sdrnet.nn.Devices;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 18's acceptance experiment {@code trex-transfer} ({@link TrexTransferExperiment}) under a named budget: t-ReX
 * (projector depth 1, and the depths of {@code --depths}), plain cross-entropy and the learnable cosine classifier,
 * pretrained on the letters pool L1 with the same budget, then the linear probe on the tasks, in-task (D3) and transfer
 * (the others) apart. {@code --seeds N} runs the seeds 42, 43, … into {@code OUT/seed-<S>/} (one seed: into
 * {@code OUT}) and writes {@code OUT/seeds.md} and {@code OUT/seeds.json} (mean ± sd of the mean accuracy and mean
 * log-odds, paired differences with 95 % intervals; with several depths the trade-off table and chart).
 * {@code --reuse} keeps finished runs and resumes killed ones.
 * <p>
 * Usage: {@code scripts/bench trex-transfer BUDGET OUT_DIR [--seeds N] [--depths 0,1,2,3] [--reuse] [--device DEV]}
 */
public final class TrexTransfer {
    static final String USAGE = "usage: scripts/bench trex-transfer BUDGET OUT_DIR [--seeds N] [--depths 0,1,2,3] [--reuse] "
            + "[--device auto|cpu|gpu|gpu:N]";
    static final String DEPTHS = "--depths";

    private TrexTransfer() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("trex-transfer: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Parses {@code args}, runs every seed and writes the files; returns the seeds' results. Bad arguments throw. */
    public static List<TrexTransferResults> run(String... args) {
        BenchArgs a = BenchArgs.parse(args, Set.of(DEPTHS));
        List<Integer> depths = depths(a.options().getOrDefault(DEPTHS, Integer.toString(TrexTransferExperiment.PRIMARY_DEPTH)));
        TrexTransferExperiment.plan(depths); // refuses bad depths before any work
        Path out = Path.of(a.out());
        Experiment experiment = Experiment.named("trex-transfer");
        Device dev = Devices.choose(a.device());
        String command = "scripts/bench trex-transfer " + String.join(" ", args);
        System.err.println("[bench] " + experiment.name() + ", budget " + a.budget().name() + " (" + a.budget().description() + "), "
                + Devices.describe(dev) + ", results in " + out);
        Map<String, Object> provenance = Provenance.collect();
        List<TrexTransferResults> results = new ArrayList<>();
        for (int i = 0; i < a.seeds(); i++) {
            Experiment seeded = experiment.withSeed(experiment.seed() + i);
            Path dir = a.seeds() == 1 ? out : out.resolve("seed-" + seeded.seed());
            System.err.println("[bench] seed " + seeded.seed() + " (" + (i + 1) + " of " + a.seeds() + ") in " + dir);
            TrexTransferResults r = new TrexTransferExperiment(seeded, a.budget(), dir, a.reuse(), dev, DataCatalog.defaults(), depths)
                    .run(command);
            results.add(r);
            TrexTransferReport.write(dir, r, provenance).forEach(p -> System.err.println("[bench]   wrote " + p));
        }
        TrexTransferReport.writeSummary(out, results, command).forEach(p -> System.err.println("[bench] wrote " + p));
        System.out.print(TrexTransferReport.summaryMarkdown(results, command));
        return results;
    }

    /** {@code 0,1,2,3} as depths; anything else is an error naming it. */
    static List<Integer> depths(String s) {
        try {
            return Arrays.stream(s.split(",")).map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DEPTHS + " needs projector depths like 0,1,2,3, got '" + s + "'");
        }
    }
}
