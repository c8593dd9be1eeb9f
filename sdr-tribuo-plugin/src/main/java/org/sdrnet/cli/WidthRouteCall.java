package org.sdrnet.cli;

import org.sdrnet.data.ImageSet;
import org.sdrnet.route.width.LatencySettings;
import org.sdrnet.route.width.WidthBudget;
import org.sdrnet.route.width.WidthReport;
import org.sdrnet.route.width.WidthRouter;
import org.sdrnet.route.width.WidthRoutingOutcome;
import org.sdrnet.route.width.WidthRoutingSettings;

import java.util.List;
import java.util.Locale;

/**
 * {@code sdr route} with a dspnet run: the budget-aware width choice ({@link WidthRouter}). Prints the trade-off
 * table, writes the chosen width's ONNX file and the report into {@code --out}, and says how to use the file.
 */
final class WidthRouteCall {
    /** Options that only a dspnet run takes. */
    static final List<String> BUDGET_OPTIONS = List.of("--max-latency-ms", "--latency-batch", "--max-params", "--latency-runs",
            "--latency-threads");
    /** Options that only an SDR run takes. */
    static final List<String> SDR_OPTIONS = List.of("--unified", "--shortlist", "--margin", "--recalibrate-bn", "--pool", "--data", "--preset");

    private final RouteCommand c;

    WidthRouteCall(RouteCommand command) {
        this.c = command;
    }

    Integer call() {
        for (String o : SDR_OPTIONS) {
            if (c.given(o)) {
                throw new IllegalArgumentException(o + " applies to an SDR run; " + c.run + " is a dspnet run (route chooses "
                        + "one of its widths; budget options: " + String.join(", ", BUDGET_OPTIONS) + ")");
            }
        }
        WidthBudget budget = WidthBudget.none();
        if (c.maxLatencyMs != null) {
            budget = budget.withMaxLatencyMs(c.maxLatencyMs, c.latencyBatch);
        } else {
            budget = new WidthBudget(null, c.latencyBatch, null); // validates --latency-batch even without a latency budget
        }
        if (c.maxParams != null) {
            budget = budget.withMaxParams(c.maxParams);
        }
        WidthRoutingSettings settings = new WidthRoutingSettings(c.score, c.seed, budget,
                LatencySettings.defaults().withTimedRuns(c.latencyRuns).withThreads(c.latencyThreads));
        WidthRouter router = WidthRouter.of(settings); // fails fast on a bad score
        ImageSet train = c.trainSplit(c.loadTask());
        System.err.println("sdr route: dspnet run " + c.run + ", task " + c.task + ", " + train.size() + " training images, score "
                + c.score + ", budget " + budget.describe());
        WidthRoutingOutcome o = router.route(c.task, c.run, train, c.out);
        WidthReport r = o.report();
        System.out.println(r.toMarkdown());
        System.err.printf(Locale.ROOT, "sdr route: wrote %s, %s, %s and %s%n", o.onnxFile(), c.out.resolve(WidthReport.MARKDOWN_FILE),
                c.out.resolve(WidthReport.JSON_FILE), c.out.resolve(WidthReport.CHART_FILE));
        System.err.printf(Locale.ROOT, "sdr route: use the chosen width like any backbone, e.g. sdr train --backbone %s --task %s "
                + "--out models/%s; from Java: new SdrFeatureExtractor(\"onnx\", Path.of(\"%s\"), \"\", \"cpu\", 256)%n", o.onnxFile(),
                c.task, c.task, o.onnxFile());
        return 0;
    }
}
