package org.sdrnet.it.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code scripts/bench report [--check] [--strict]}: regenerates {@code docs/results.md} from
 * {@code docs/results.template.md} ({@link ResultsDoc}). {@code --check} writes nothing and fails when the committed
 * file is out of date; {@code --strict} fails on a missing included file instead of leaving a note.
 * <p>
 * {@code scripts/bench publish OUT_DIR}: copies an experiment's small result files into {@code docs/results/<name>/}
 * ({@link ResultsPublisher}), then regenerates. Both run from the repository root.
 */
public final class ResultsReport {
    private static final String USAGE = "usage: scripts/bench report [--check] [--strict] | scripts/bench publish OUT_DIR";

    private ResultsReport() {
    }

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            exit(e.getMessage());
        }
    }

    private static void run(String[] args) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        List<String> a = List.of(args);
        if (a.isEmpty()) {
            exit(USAGE);
        }
        switch (a.get(0)) {
            case "report" -> {
                for (String opt : a.subList(1, a.size())) {
                    if (!opt.equals("--check") && !opt.equals("--strict")) {
                        exit("report: unknown option " + opt + "\n" + USAGE);
                    }
                }
                boolean strict = a.contains("--strict");
                if (a.contains("--check")) {
                    check(root, strict);
                } else {
                    regenerate(root, strict);
                }
            }
            case "publish" -> {
                if (a.size() != 2) {
                    exit("publish: expected one OUT_DIR\n" + USAGE);
                }
                Path target = ResultsPublisher.publish(Path.of(a.get(1)), root);
                System.err.println("published " + a.get(1) + " to " + root.relativize(target) + ": "
                        + ResultsPublisher.smallFiles(target).size() + " files");
                regenerate(root, false);
            }
            default -> exit("unknown sub-command '" + a.get(0) + "'; valid: report, publish\n" + USAGE);
        }
    }

    private static void regenerate(Path root, boolean strict) {
        ResultsDoc.Rendered r = ResultsDoc.regenerate(root, strict);
        r.missing().forEach(m -> System.err.println("warning: " + m + " does not exist; " + ResultsDoc.OUTPUT + " says so in its place"));
        System.err.println("wrote " + ResultsDoc.OUTPUT + " from " + ResultsDoc.TEMPLATE);
    }

    private static void check(Path root, boolean strict) throws IOException {
        String template = Files.readString(root.resolve(ResultsDoc.TEMPLATE), StandardCharsets.UTF_8);
        String expected = ResultsDoc.render(template, ResultsDoc.TEMPLATE, root, ResultsDoc.OUTPUT, strict).text();
        Path out = root.resolve(ResultsDoc.OUTPUT);
        String actual = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            exit(ResultsDoc.OUTPUT + " is out of date with " + ResultsDoc.TEMPLATE + " and the files it includes; run "
                    + ResultsDoc.COMMAND);
        }
        System.err.println(ResultsDoc.OUTPUT + " is up to date");
    }

    private static void exit(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
