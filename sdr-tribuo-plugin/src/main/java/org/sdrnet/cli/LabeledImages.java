package org.sdrnet.cli;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.ReadReport;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The labeled images a classifier is trained on, and those it is tested on when there are any: a folder with one
 * sub-folder per class (and an optional separate test folder), a folder with {@code train/} and {@code test/} (the
 * layout {@code sdr eval} reads), or a catalog task (D1..D8). Unreadable pictures are refused, naming the first, unless
 * the user asks to skip them.
 */
final class LabeledImages {
    @Option(names = "--task", paramLabel = "DIR|ID", description = "Labeled images: a folder with one sub-folder per class, "
            + "a folder with train/ and test/ (each with one sub-folder per class), or a catalog task D1..D8.")
    String task;

    @Option(names = "--test", paramLabel = "DIR", description = "A folder with one sub-folder per class to measure the test "
            + "accuracy on (with a plain class folder as --task).")
    Path testFolder;

    @Option(names = "--task-preset", defaultValue = "small", paramLabel = "NAME",
            description = "Catalog task size: tiny, small or full (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--split", defaultValue = "1", paramLabel = "N",
            description = "Which train/test split of a multi-split catalog task (D8) to use, from 1 (default: ${DEFAULT-VALUE}).")
    int split;

    @Option(names = "--skip-unreadable", description = "Skip pictures that cannot be read (counted on stderr) instead of refusing them.")
    boolean skipUnreadable;

    /** The training images and the test images ({@code null} when there are none). */
    record Parts(ImageSet train, ImageSet test) {
    }

    /** What {@code --task} names, for messages. */
    String describe() {
        return task;
    }

    /** Reads the images; {@code data} locates catalog data, {@code seed} draws catalog tasks. */
    Parts load(DataOptions data, long seed) {
        Parts parts = read(data, seed);
        if (parts.train().numClasses() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes; " + task + " has one ("
                    + String.join("", parts.train().classNames()) + ")");
        }
        return parts;
    }

    private Parts read(DataOptions data, long seed) {
        if (task == null) {
            throw new IllegalArgumentException("give --task DIR|ID: a folder with one sub-folder per class, a folder with "
                    + "train/ and test/, or a catalog task D1..D8");
        }
        Path folder = Path.of(task);
        if (Files.isDirectory(folder)) {
            return fromFolder(folder);
        }
        if (task.contains("/") || task.contains(folder.getFileSystem().getSeparator())) {
            throw new IllegalArgumentException("task folder " + task + " does not exist");
        }
        if (testFolder != null) {
            throw new IllegalArgumentException("--test goes with a folder as --task; catalog task " + task + " has its own test part");
        }
        DownstreamTask t = DataCatalog.standard(data.paths()).task(task, Preset.parse(preset), seed);
        if (split < 1 || split > t.splits().size()) {
            throw new IllegalArgumentException("task " + t.id() + " has " + t.splits().size() + " split(s); --split "
                    + split + " is outside 1.." + t.splits().size());
        }
        DownstreamTask.Split s = t.splits().get(split - 1);
        return new Parts(s.train(), s.test());
    }

    private Parts fromFolder(Path folder) {
        ImageFolderReader reader = new ImageFolderReader();
        if (Files.isDirectory(folder.resolve("train")) && Files.isDirectory(folder.resolve("test"))) {
            if (testFolder != null) {
                throw new IllegalArgumentException("--test " + testFolder + " given, but " + folder + " has its own test/ part");
            }
            ImageFolderReader.TaskResult r = reader.readTask(folder);
            checkSkipped(r.train());
            checkSkipped(r.test());
            DownstreamTask.Split s = r.task().splits().get(0);
            return new Parts(s.train(), s.test());
        }
        ImageFolderReader.Result train = reader.readLabeled(folder);
        checkSkipped(train.report());
        if (testFolder == null) {
            return new Parts(train.images(), null);
        }
        ImageFolderReader.Result test = reader.readLabeled(testFolder);
        checkSkipped(test.report());
        if (!train.images().classNames().equals(test.images().classNames())) {
            throw new IllegalArgumentException("classes of " + folder + " " + train.images().classNames() + " differ from classes of --test "
                    + testFolder + " " + test.images().classNames());
        }
        return new Parts(train.images(), test.images());
    }

    private void checkSkipped(ReadReport report) {
        checkUnreadable(report, skipUnreadable, "sdr train");
    }

    /**
     * Refuses a folder read that skipped pictures, naming the first and how many more, unless {@code skip} is on: then
     * they are counted on stderr under {@code command}'s name. The one rule for every labelled folder of the CLI.
     */
    static void checkUnreadable(ReadReport report, boolean skip, String command) {
        int n = report.skippedCount();
        if (n == 0) {
            return;
        }
        if (skip) {
            System.err.println(command + ": skipped " + n + " unreadable file(s) in " + report.folder());
            return;
        }
        throw new IllegalArgumentException("image " + report.skipped().get(0).reason()
                + (n > 1 ? " (and " + (n - 1) + " more in " + report.folder() + ")" : "")
                + "; remove or fix it, or pass --skip-unreadable");
    }
}
