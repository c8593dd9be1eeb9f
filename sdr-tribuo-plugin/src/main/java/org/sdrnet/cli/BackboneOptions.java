package org.sdrnet.cli;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.checkpoint.DjlCheckpointFeatures;
import org.sdrnet.checkpoint.DjlTensorsFeatures;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.Devices;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.route.RoutingReport;
import org.sdrnet.runtime.OnnxFeatures;
import org.sdrnet.spi.ImageFeaturesFactory;
import org.sdrnet.spi.Services;
import org.sdrnet.tribuo.SdrFeatureExtractor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The backbone a command trains on, opened as an {@link SdrFeatureExtractor}: a file or directory of any registered
 * backbone type ({@code ImageFeaturesFactory}: an exported .onnx, a checkpoint or run directory, a saved backbone, an
 * SDR run with a sub-net path) or the choice of a routing report.
 */
final class BackboneOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--backbone", paramLabel = "PATH", description = "An exported .onnx file, a checkpoint or run directory, "
                + "a saved backbone directory, or an SDR run directory (with --path).")
        Path backbone;

        @Option(names = "--routed-from", paramLabel = "REPORT", description = "A routing report.json; trains on its choice "
                + "(needs --run, and --unified when the choice was the unified model).")
        Path report;
    }

    @Option(names = "--backbone-type", paramLabel = "TYPE",
            description = "onnx, djl-checkpoint or djl-tensors (default: guessed from --backbone).")
    String type;

    @Option(names = "--path", paramLabel = "G1,G2,…", description = "SDR sub-net path (one group per stage) when --backbone is an SDR run.")
    String path;

    @Option(names = "--run", paramLabel = "DIR", description = "The SDR run directory (with --routed-from).")
    Path run;

    @Option(names = "--unified", paramLabel = "DIR", description = "The unified run (when the routing report chose it).")
    Path unified;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** Refuses missing or contradictory options before any work; {@link #open} checks the rest. */
    void check() {
        if (source == null) {
            throw new IllegalArgumentException("give a backbone: --backbone PATH (an .onnx file, a checkpoint, a saved backbone "
                    + "or an SDR run with --path) or --routed-from REPORT --run DIR");
        }
        if (source.report != null) {
            if (type != null || path != null) {
                throw new IllegalArgumentException("--backbone-type and --path go with --backbone, not with --routed-from");
            }
            if (!Files.isRegularFile(source.report)) {
                throw new IllegalArgumentException("routing report " + source.report + " does not exist");
            }
            if (run == null) {
                throw new IllegalArgumentException("--routed-from needs --run (the SDR run directory the report routed over)");
            }
        } else {
            if (!Files.exists(source.backbone)) {
                throw new IllegalArgumentException("backbone " + source.backbone + " does not exist");
            }
            if (type != null) {
                Services.find(ImageFeaturesFactory.class, type);
            }
        }
    }

    /** Opens the backbone on {@code device}; the caller closes it. Every problem is an {@link IllegalArgumentException}. */
    SdrFeatureExtractor open(String device) {
        check();
        if (source.report != null) {
            RoutingReport report = RoutingReport.read(source.report);
            Backbone chosen = RoutedBackbone.choose(report, source.report, run, unified);
            // the backbone's provenance (run, sub-net, routing summary) is recorded in full; the description stays one line
            String description = chosen.spec().name() + " " + report.chosen().name() + " of " + run + ", routed by " + source.report;
            return new SdrFeatureExtractor(new DjlFeatureExtractor(chosen, Devices.choose(device), Normalization.DEFAULT, batchSize),
                    description);
        }
        Path p = source.backbone;
        try {
            return new SdrFeatureExtractor(type == null ? guessType(p) : type.toLowerCase(Locale.ROOT), p, path, device, batchSize);
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getMsg(), e);
        }
    }

    /** A file is an ONNX backbone, a directory with a backbone header a saved backbone, any other directory a checkpoint. */
    static String guessType(Path p) {
        if (Files.isRegularFile(p)) {
            return OnnxFeatures.NAME;
        }
        return Files.isRegularFile(p.resolve(BackboneFiles.HEADER)) ? DjlTensorsFeatures.NAME : DjlCheckpointFeatures.NAME;
    }
}
