package org.sdrnet.it.bench.harness;

/** Names of the files an experiment writes into its results directory (everything but {@code runs/} is small). */
public final class ResultFiles {
    public static final String TABLE = "table.md";
    public static final String RESULTS = "results.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String LOSS_CHART = "loss-curves.png";
    public static final String ACCURACY_CHART = "accuracy.png";
    public static final String NEGATIVE_TRANSFER_CHART = "negative-transfer.png";
    /** Pretraining runs (checkpoints: large, never published). */
    public static final String RUNS = "runs";

    private ResultFiles() {
    }

    /** {@code routing-D1.png}, or {@code routing-D8-split2.png} for a task with several splits. */
    public static String routingChart(String task, int split, int splits) {
        return routingStem(task, split, splits) + ".png";
    }

    /** The routing report of one split, as JSON. */
    public static String routingReport(String task, int split, int splits) {
        return routingStem(task, split, splits) + ".json";
    }

    private static String routingStem(String task, int split, int splits) {
        return "routing-" + task + (splits > 1 ? "-split" + split : "");
    }

    /** Fails before any work when {@code out/runs} holds runs and {@code reuse} is off (each run checks again). */
    static void refuseOldRunsWithoutReuse(java.nio.file.Path out, boolean reuse) {
        java.nio.file.Path runs = out.resolve(RUNS);
        if (reuse || !java.nio.file.Files.isDirectory(runs)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(runs)) {
            java.util.List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            if (!names.isEmpty()) {
                throw new IllegalStateException(runs + " already holds pretraining runs " + names + "; rerun with --reuse to "
                        + "resume or reuse them, or choose another output directory");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + runs, e);
        }
    }
}
