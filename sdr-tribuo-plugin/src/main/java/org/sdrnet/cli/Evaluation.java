package org.sdrnet.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** Shared by {@code eval} and {@code demo}: evaluate several backbones on several tasks into one table. */
final class Evaluation {
    private Evaluation() {
    }

    static ResultsTable run(Map<String, Backbone> models, List<DownstreamTask> tasks, List<String> protocol, Device device) {
        FeatureEvaluator.Protocol p = FeatureEvaluator.Protocol.defaults()
                .withKnn(protocol.contains("knn")).withLinear(protocol.contains("linear"));
        ResultsTable table = new ResultsTable();
        for (Map.Entry<String, Backbone> m : models.entrySet()) {
            try (DjlFeatureExtractor fx = new DjlFeatureExtractor(m.getValue(), device)) {
                FeatureEvaluator evaluator = new FeatureEvaluator(fx::features, p);
                for (DownstreamTask t : tasks) {
                    System.err.println("sdr: evaluating " + m.getKey() + " on " + t.id() + " (" + t.description() + ")");
                    table.add(m.getKey(), evaluator.evaluate(t));
                }
            }
        }
        return table;
    }

    static void writeJson(ResultsTable table, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), table.toData());
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
