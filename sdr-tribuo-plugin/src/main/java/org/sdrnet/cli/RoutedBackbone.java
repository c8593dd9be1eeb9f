package org.sdrnet.cli;

import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.RoutingReport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The backbone a routing report chose, read from the SDR run it routed over (or the unified run, when the unified
 * model won), annotated with the routing summary. Shared by {@code export} and {@code train}.
 */
final class RoutedBackbone {
    private RoutedBackbone() {
    }

    /**
     * The choice of {@code report}, read from {@code reportFile}; {@code unified} may be null unless the report chose
     * the unified model.
     */
    static Backbone choose(RoutingReport report, Path reportFile, Path run, Path unified) {
        if (run == null) {
            throw new IllegalArgumentException("--routed-from needs --run (the SDR run directory the report routed over)");
        }
        RoutingReport.Candidate c = report.chosen();
        if (c.name().equals(RoutingReport.UNIFIED)) {
            if (unified == null) {
                throw new IllegalArgumentException("routing report " + reportFile + " chose the unified model; pass --unified DIR");
            }
            return report.annotate(unifiedBackbone(unified));
        }
        return report.annotate(SdrRun.open(run).subnet(c.path().stream().mapToInt(Integer::intValue).toArray()));
    }

    /** The backbone of a unified run directory or of its checkpoint directory. */
    static Backbone unifiedBackbone(Path dir) {
        Path ckpt = Files.isDirectory(dir.resolve(TrainingLoop.CHECKPOINT_DIR)) ? dir.resolve(TrainingLoop.CHECKPOINT_DIR) : dir;
        return CheckpointStore.backbone(ckpt);
    }
}
