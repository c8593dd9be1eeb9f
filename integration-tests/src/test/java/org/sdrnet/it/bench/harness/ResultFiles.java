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
}
