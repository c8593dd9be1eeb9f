package org.sdrnet.cli;

import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.dspnet.DspNetRun;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.RoutingReport;
import org.sdrnet.spi.BackboneExporter;
import org.sdrnet.spi.Services;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sdr export}: writes one backbone (a unified checkpoint, one width of a dspnet run, an SDR sub-net by path, or
 * the choice of a routing report) as a verified deployable file. The exporter is found by name through ServiceLoader ({@code onnx} lives in
 * the sdr-onnx-export module).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a backbone (checkpoint, dspnet width, SDR sub-net or routed choice) to ONNX, verified against DJL.")
final class ExportCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--checkpoint", paramLabel = "DIR", description = "A unified, trex, mae or dspnet run directory, or its checkpoint "
                + "directory (a dspnet run needs --width).")
        Path checkpoint;

        @Option(names = "--path", paramLabel = "G1,G2,…", description = "SDR sub-net path (one group per stage); needs --run.")
        String path;

        @Option(names = "--routed-from", paramLabel = "REPORT", description = "A routing report.json; exports its choice (needs --run, "
                + "and --unified when the choice was the unified model).")
        Path report;
    }

    @Option(names = "--run", paramLabel = "DIR", description = "The SDR run directory (with --path or --routed-from).")
    Path run;

    @Option(names = "--unified", paramLabel = "DIR", description = "The unified run (when a routing report chose it).")
    Path unified;

    @Option(names = "--width", paramLabel = "W", description = "Width multiplier of a dspnet run to export (one of the "
            + "widths it trained, e.g. 0.5); with --checkpoint.")
    Double width;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "NAME", description = "Exporter (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Destination file (written only when verified).")
    Path out;

    @Override
    public Integer call() {
        BackboneExporter exporter = Services.find(BackboneExporter.class, format);
        Map<String, String> metadata = new LinkedHashMap<>();
        Backbone backbone = choose(metadata);
        Normalization n = Normalization.DEFAULT;
        BackboneExporter.Report r = exporter.export(new BackboneExporter.Request(backbone, n.mean(), n.std(), out, metadata));
        System.out.printf("exported %s (%d bytes); max |ONNX Runtime − DJL| = %.2e on the verification batch%n",
                r.file(), r.bytes(), r.maxAbsDifference());
        return 0;
    }

    private Backbone choose(Map<String, String> metadata) {
        if (width != null && source.checkpoint == null) {
            throw new IllegalArgumentException("--width goes with --checkpoint (a dspnet run directory)");
        }
        if (source.checkpoint != null) {
            boolean dspnet = DspNetRun.isDspNet(source.checkpoint);
            if (width != null) {
                if (!dspnet) {
                    throw new IllegalArgumentException("--width applies to a dspnet run; " + source.checkpoint + " holds no dspnet checkpoint");
                }
                return DspNetRun.open(source.checkpoint).backbone(width);
            }
            if (dspnet) {
                throw new IllegalArgumentException(source.checkpoint + " is a dspnet run: choose a width with --width (one of "
                        + Arrays.toString(DspNetRun.open(source.checkpoint).widths()) + ")");
            }
            return RoutedBackbone.unifiedBackbone(source.checkpoint);
        }
        if (run == null) {
            throw new IllegalArgumentException("--path and --routed-from need --run (the SDR run directory)");
        }
        if (source.path != null) {
            return SdrRun.open(run).subnet(parsePath(source.path));
        }
        RoutingReport report = RoutingReport.read(source.report);
        report.summary().forEach(metadata::put);
        return RoutedBackbone.choose(report, source.report, run, unified);
    }

    static int[] parsePath(String text) {
        try {
            return Arrays.stream(text.split("[,-]")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad sub-net path '" + text + "': expected group numbers like 0,3,1,2");
        }
    }

}
