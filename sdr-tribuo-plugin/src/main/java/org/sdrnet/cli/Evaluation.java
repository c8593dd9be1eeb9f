package org.sdrnet.cli;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.ImageFeatures;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Shared by {@code eval} and {@code demo}: evaluate several backbones on several tasks into one table. */
final class Evaluation {
    private Evaluation() {
    }

    /** In-process DJL backbones. */
    static ResultsTable run(Map<String, Backbone> models, List<DownstreamTask> tasks, List<String> protocol, Device device) {
        Map<String, Supplier<ImageFeatures>> opened = new LinkedHashMap<>();
        models.forEach((name, b) -> opened.put(name, () -> new DjlFeatureExtractor(b, device)));
        return runFeatures(opened, tasks, protocol);
    }

    /** Refuses a protocol name other than knn and linear (before any work, when called first). */
    static void checkProtocol(List<String> protocol) {
        for (String name : protocol) {
            if (!name.equals("knn") && !name.equals("linear")) {
                throw new IllegalArgumentException("unknown protocol '" + name + "'; available: knn, linear");
            }
        }
    }

    /** Any feature source (DJL, ONNX Runtime), each opened in turn and closed after its tasks. */
    static ResultsTable runFeatures(Map<String, Supplier<ImageFeatures>> models, List<DownstreamTask> tasks, List<String> protocol) {
        checkProtocol(protocol);
        FeatureEvaluator.Protocol p = FeatureEvaluator.Protocol.defaults()
                .withKnn(protocol.contains("knn")).withLinear(protocol.contains("linear"));
        ResultsTable table = new ResultsTable();
        for (Map.Entry<String, Supplier<ImageFeatures>> m : models.entrySet()) {
            try (ImageFeatures fx = m.getValue().get()) {
                FeatureEvaluator evaluator = new FeatureEvaluator(fx::features, p);
                for (DownstreamTask t : tasks) {
                    System.err.println("sdr: evaluating " + m.getKey() + " on " + t.id() + " (" + t.description() + ")");
                    TaskEvaluation result = evaluator.evaluate(t);
                    noteLoweredK(t, result, p.knnEvaluator().k());
                    table.add(m.getKey(), result);
                }
            }
        }
        return table;
    }

    /** Says once per task when a training part smaller than k made the kNN probe vote with fewer neighbours. */
    private static void noteLoweredK(DownstreamTask task, TaskEvaluation result, int k) {
        result.splits().stream().filter(s -> s.knn() != null && s.knn().k() < k).mapToInt(s -> s.knn().k()).min()
                .ifPresent(lowest -> System.err.println("sdr: note: task " + task.id() + " has fewer than " + k
                        + " training images; kNN voted with k = " + lowest + " (every training image), as routing does"));
    }

    static void writeJson(ResultsTable table, Path file) {
        AtomicFiles.write(file, tmp -> Json.INDENTED.writeValue(tmp.toFile(), table.toData()));
    }
}
