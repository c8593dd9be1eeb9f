package org.sdrnet.cli;

import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.tribuo.SdrModel;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sdr predict}: a saved model ({@code sdr train}, {@code SdrModel.save}) on image files and folders, one line
 * per image (path, label, score) as CSV or JSON Lines. An image that cannot be read gets a line with its error instead
 * and the run goes on; the count is reported on stderr and the exit code is then 1.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the label of images with a saved model: one line per image (path, label, score) as CSV or "
                + "JSON Lines; unreadable images get a line with an error (exit code 1).")
final class PredictCommand implements Callable<Integer> {
    /** Exit code of a run in which some images could not be read (every other image was predicted). */
    static final int SOME_UNREADABLE = 1;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (from `sdr train`).")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "Image files (PNG, JPEG, GIF, BMP) and folders (read recursively).")
    List<Path> inputs;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FMT", description = "csv or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the lines to FILE (atomically) instead of stdout.")
    Path out;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Override
    public Integer call() {
        PredictionFormat fmt = parseFormat(format);
        if (out != null && Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; give a file");
        }
        ImageFolderReader reader = new ImageFolderReader();
        List<Path> files = reader.expand(inputs);
        List<PredictionFormat.Row> rows;
        try (SdrModel<Label> m = SdrModel.load(model, Label.class, device)) {
            rows = predict(m, reader, files);
        }
        String text = fmt.render(rows);
        if (out == null) {
            System.out.print(text);
            System.out.flush();
        } else {
            AtomicFiles.writeString(out, text);
        }
        List<PredictionFormat.Row> failed = rows.stream().filter(r -> r.error() != null).toList();
        System.err.println("sdr predict: " + (rows.size() - failed.size()) + " of " + rows.size() + " image(s) predicted"
                + (failed.isEmpty() ? "" : ", " + failed.size() + " unreadable (first: " + failed.get(0).error() + ")")
                + (out == null ? "" : "; wrote " + out));
        return failed.isEmpty() ? 0 : SOME_UNREADABLE;
    }

    static PredictionFormat parseFormat(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> PredictionFormat.CSV;
            case "jsonl" -> PredictionFormat.JSONL;
            default -> throw new IllegalArgumentException("unknown format '" + name + "'; available: csv, jsonl");
        };
    }

    /** One row per file, in order: decoded files are predicted in one batch, the others carry their reason. */
    private static List<PredictionFormat.Row> predict(SdrModel<Label> m, ImageFolderReader reader, List<Path> files) {
        ImageFolderReader.Result r = reader.readFiles("predict", files);
        List<Prediction<Label>> predictions = m.predict(r.images());
        Map<Path, String> reasons = new HashMap<>();
        for (DecodeResult.Skipped s : r.report().skipped()) {
            reasons.put(s.file(), s.reason());
        }
        List<Path> read = r.report().read();
        List<PredictionFormat.Row> rows = new ArrayList<>(files.size());
        int k = 0;
        for (Path f : files) {
            if (k < read.size() && read.get(k).equals(f)) {
                Label label = predictions.get(k++).getOutput();
                rows.add(PredictionFormat.Row.predicted(f.toString(), label.getLabel(), label.getScore()));
            } else {
                rows.add(PredictionFormat.Row.failed(f.toString(), reasons.getOrDefault(f, f + ": not read")));
            }
        }
        return rows;
    }
}
