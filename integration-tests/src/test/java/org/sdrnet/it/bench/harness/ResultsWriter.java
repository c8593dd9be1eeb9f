package org.sdrnet.it.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the results directory of {@code sdr-vs-unified}: {@code table.md}, {@code results.json},
 * {@code provenance.json}, the charts and one routing report (JSON + PNG) per task and split. Every file is written
 * atomically, so a reader never sees half a file and a failed write leaves the previous one.
 */
public final class ResultsWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsWriter() {
    }

    /** Writes every file and returns their paths, in the order written. */
    public static List<Path> write(Path out, SdrVsUnifiedResults r, Map<String, Object> provenance) {
        List<Path> written = new ArrayList<>();
        for (RoutedComparison.TaskResult t : r.comparison()) {
            for (RoutedComparison.SplitResult s : t.splits()) {
                int n = t.splits().size();
                Path json = out.resolve(ResultFiles.routingReport(t.taskId(), s.split(), n));
                s.routing().writeJson(json);
                Path png = out.resolve(ResultFiles.routingChart(t.taskId(), s.split(), n));
                s.routing().writeChart(png);
                written.add(json);
                written.add(png);
            }
        }
        written.add(bytes(out.resolve(ResultFiles.ACCURACY_CHART), ExperimentCharts.accuracyBars(
                "Routed vs unified: test accuracy per task (budget " + r.budget().name() + ")", r.routedTable())));
        if (!r.negativeTransfer().columns().isEmpty()) {
            written.add(bytes(out.resolve(ResultFiles.NEGATIVE_TRANSFER_CHART), ExperimentCharts.accuracyBars(
                    "Unified pretrained on one domain vs all: linear probe (budget " + r.budget().name() + ")", r.negativeTransfer())));
        }
        Map<String, List<TrainLog>> curves = new LinkedHashMap<>();
        for (Pretraining.Outcome o : r.pretraining()) {
            if (o.run().endsWith("-" + SdrVsUnifiedResults.ALL_DOMAINS)
                    && (o.method().equals(UnifiedMethod.NAME) || o.method().equals(SdrMethod.NAME))) {
                curves.put(o.method(), Pretraining.logs(o.method(), o.dir()));
            }
        }
        written.add(bytes(out.resolve(ResultFiles.LOSS_CHART), ExperimentCharts.lossCurves(
                "SimSiam loss on the mixed pool (SDR levels 1+: without the SiamKD term)", curves, r.budget().batchSize())));
        written.add(json(out.resolve(ResultFiles.RESULTS), r.toJson()));
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("experiment", r.experiment().name());
        prov.put("budget", r.budget().describe());
        prov.put("seeds", Map.of("data", r.experiment().seed(), "pretraining", r.experiment().seed(), "routing", r.experiment().seed()));
        prov.put("device", r.device());
        prov.put("command", r.command());
        prov.put("finishedAt", java.time.Instant.now().toString());
        written.add(json(out.resolve(ResultFiles.PROVENANCE), prov));
        written.add(text(out.resolve(ResultFiles.TABLE), ResultsMarkdown.render(r, provenance)));
        return written;
    }

    private static Path bytes(Path file, byte[] content) {
        AtomicFiles.writeBytes(file, content);
        return file;
    }

    private static Path text(Path file, String content) {
        AtomicFiles.writeString(file, content);
        return file;
    }

    private static Path json(Path file, Object value) {
        AtomicFiles.write(file, tmp -> JSON.writeValue(tmp.toFile(), value));
        return file;
    }
}
