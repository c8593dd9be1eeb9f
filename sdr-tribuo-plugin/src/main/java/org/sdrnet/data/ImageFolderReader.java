package org.sdrnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a user's folder of pictures (PNG, JPEG, GIF, BMP) into an {@link ImageSet}: either unlabeled (every
 * picture below the folder) or labeled (one sub-folder per class, class names = sorted sub-folder names), and
 * a whole {@link DownstreamTask} from a folder holding {@code train/} and {@code test/}.
 * <p>
 * Pictures are decoded like the catalog's PNGs ({@link PngDecoder}: composited onto white, halved while more
 * than twice the target), then resized bilinearly so the longer side is the target size and centred on a
 * white square <b>[our choice: keep the aspect ratio]</b>. The set is gray when every picture is gray, else
 * RGB. A file that cannot be decoded, or is larger than {@code maxSide} pixels on a side, is skipped with a
 * warning and listed in the {@link ReadReport}; hidden files and other extensions are ignored.
 */
public final class ImageFolderReader {
    /** Pictures wider or taller than this are skipped: decoding them costs hundreds of MB for one 32-px image. */
    public static final int DEFAULT_MAX_SIDE = 4096;
    /** The value of every channel around a picture that does not fill the square: white. */
    public static final int PAD_VALUE = 255;

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private final int size;
    private final PngDecoder decoder;

    /** A reader to 32×32 that skips pictures over {@value #DEFAULT_MAX_SIDE} px. */
    public ImageFolderReader() {
        this(ImageSet.DEFAULT_SIZE, DEFAULT_MAX_SIDE);
    }

    /** A reader to {@code size×size} that skips pictures with a side over {@code maxSide}. */
    public ImageFolderReader(int size, int maxSide) {
        if (size <= 0 || maxSide < size) {
            throw new IllegalArgumentException("need 0 < size ≤ maxSide, got size " + size + ", maxSide " + maxSide);
        }
        this.size = size;
        this.decoder = PngDecoder.rgb(size).withMaxSide(maxSide);
    }

    /** The images read from a folder and what was read or skipped. */
    public record Result(ImageSet images, ReadReport report) {
    }

    /** Every picture below {@code folder} (recursively, in path order) as an unlabeled set named after it. */
    public Result readUnlabeled(Path folder) {
        checkFolder(folder);
        List<Path> read = new ArrayList<>();
        List<DecodeResult.Skipped> skipped = new ArrayList<>();
        List<ImagePlanes> images = readAll(imageFiles(folder), read, skipped);
        if (images.isEmpty()) {
            throw new DataException("folder " + folder + " holds no readable images (" + skipped.size()
                    + " skipped); expected PNG, JPEG, GIF or BMP files");
        }
        ImageSet set = ImageSet.unlabeled(name(folder), channels(images), size, toBytes(images));
        return new Result(set, new ReadReport(folder, read, skipped));
    }

    /**
     * Pictures named by {@code inputs}, in that order, as one unlabeled set called {@code name}: a file is read as it is
     * (whatever its extension), a folder stands for every picture below it ({@link #expand}). The report lists the
     * files read in image order and the skipped ones with the reason.
     *
     * @throws DataException naming the path when an input does not exist, a folder holds no pictures, or not one
     *                       picture could be decoded
     */
    public Result readUnlabeled(List<Path> inputs, String name) {
        if (inputs.isEmpty()) {
            throw new DataException("no images given: name image files or folders");
        }
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new DataException("image " + p + " does not exist");
            }
        }
        List<Path> files = expand(inputs);
        Result r = readFiles(name, files);
        if (r.images().isEmpty()) {
            throw new DataException("none of the " + files.size() + " pictures could be read; the first: "
                    + r.report().skipped().get(0).reason());
        }
        return r;
    }

    /** One sub-folder per class below {@code folder}; class names are the sub-folder names, sorted. */
    public Result readLabeled(Path folder) {
        checkFolder(folder);
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(folder)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        } catch (IOException e) {
            throw new DataException("cannot list folder " + folder + ": " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw new DataException("folder " + folder + " has no class sub-folders; a labeled folder needs one sub-folder per class");
        }
        List<Path> read = new ArrayList<>();
        List<DecodeResult.Skipped> skipped = new ArrayList<>();
        List<ImagePlanes> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (Path dir : classDirs) {
            List<ImagePlanes> ofClass = readAll(imageFiles(dir), read, skipped);
            if (ofClass.isEmpty()) {
                throw new DataException("class folder " + dir + " holds no readable images; remove it or add images");
            }
            for (int i = 0; i < ofClass.size(); i++) {
                labels.add(classNames.size());
            }
            images.addAll(ofClass);
            classNames.add(dir.getFileName().toString());
        }
        ImageSet set = ImageSet.labeled(name(folder), channels(images), size, toBytes(images),
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
        return new Result(set, new ReadReport(folder, read, skipped));
    }

    /**
     * A task from a folder holding {@code train/} and {@code test/}, each with one sub-folder per class; both must
     * have the same classes. When one part has colour pictures both are RGB.
     */
    public DownstreamTask fromFolder(Path folder) {
        return readTask(folder).task();
    }

    /** A task read from a folder and what was read or skipped in its {@code train/} and {@code test/} parts. */
    public record TaskResult(DownstreamTask task, ReadReport train, ReadReport test) {
    }

    /** As {@link #fromFolder(Path)}, with the read reports of both parts (to refuse or report skipped files). */
    public TaskResult readTask(Path folder) {
        checkFolder(folder);
        Path trainDir = folder.resolve("train");
        Path testDir = folder.resolve("test");
        for (Path p : List.of(trainDir, testDir)) {
            if (!Files.isDirectory(p)) {
                throw new DataException("task folder " + folder + " has no '" + p.getFileName()
                        + "' sub-folder; expected train/ and test/, each with one sub-folder per class");
            }
        }
        Result trainRead = readLabeled(trainDir);
        Result testRead = readLabeled(testDir);
        ImageSet train = trainRead.images();
        ImageSet test = testRead.images();
        if (!train.classNames().equals(test.classNames())) {
            throw new DataException("task folder " + folder + ": classes of train/ " + train.classNames()
                    + " differ from classes of test/ " + test.classNames());
        }
        if (train.channels() != test.channels()) {
            train = train.toRgb();
            test = test.toRgb();
        }
        DownstreamTask task = DownstreamTask.single(name(folder), "images from " + folder + " (" + train.numClasses()
                + " classes, " + train.size() + " train / " + test.size() + " test)", train, test);
        return new TaskResult(task, trainRead.report(), testRead.report());
    }

    /**
     * The files {@code inputs} name, in order: a folder stands for the pictures below it that a folder read would decode
     * (recursively, in path order; hidden files and other extensions left out), any other path is kept as given (a
     * missing or undecodable file is then skipped by {@link #readFiles} with its reason).
     *
     * @throws DataException naming a folder that holds no pictures
     */
    public List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                List<Path> below = imageFiles(p);
                if (below.isEmpty()) {
                    throw new DataException("folder " + p + " holds no images; expected PNG, JPEG, GIF or BMP files");
                }
                files.addAll(below);
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /**
     * Decodes the given files, in order, into an unlabeled set named {@code name}; a file that cannot be decoded is
     * skipped and listed in the report, as in a folder read. Unlike a folder read, no readable file is not an error:
     * the set is then empty (callers report each file, e.g. one prediction or error per file).
     */
    public Result readFiles(String name, List<Path> files) {
        List<Path> read = new ArrayList<>();
        List<DecodeResult.Skipped> skipped = new ArrayList<>();
        List<ImagePlanes> images = readAll(files, read, skipped);
        int channels = images.isEmpty() ? 1 : channels(images);
        ImageSet set = ImageSet.unlabeled(name, channels, size, toBytes(images));
        Path folder = files.isEmpty() || files.get(0).getParent() == null ? Path.of(".") : files.get(0).getParent();
        return new Result(set, new ReadReport(folder, read, skipped));
    }

    /**
     * Decodes one picture and brings it to {@code size×size} planes; a {@link DataException} naming the file
     * when it cannot be decoded or is too large.
     */
    public ImagePlanes decode(Path file) {
        RgbImage img = decoder.read(file);
        int longer = Math.max(img.width(), img.height());
        int w = Math.max(1, (int) Math.round((double) img.width() * size / longer));
        int h = Math.max(1, (int) Math.round((double) img.height() * size / longer));
        ImagePlanes p = ImagePlanes.of(ImageResize.halveWhileOver(img, w, h));
        float[] scaled = ImageResize.resize(p.data(), p.channels(), p.width(), p.height(), w, h);
        return new ImagePlanes(p.channels(), size, size, ImageResize.pad(scaled, p.channels(), w, h, size, PAD_VALUE));
    }

    /** Decodes {@code files} in parallel; adds the decoded ones to {@code read} and the others to {@code skipped}. */
    private List<ImagePlanes> readAll(List<Path> files, List<Path> read, List<DecodeResult.Skipped> skipped) {
        ImagePlanes[] planes = new ImagePlanes[files.size()];
        skipped.addAll(PngDecoder.forEachFile(files, i -> planes[i] = decode(files.get(i))));
        List<ImagePlanes> out = new ArrayList<>();
        for (int i = 0; i < planes.length; i++) {
            if (planes[i] != null) {
                out.add(planes[i]);
                read.add(files.get(i));
            }
        }
        return out;
    }

    private static List<Path> imageFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !hiddenBelow(dir, p))
                    .filter(ImageFolderReader::hasImageExtension)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataException("cannot list folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hiddenBelow(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static void checkFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DataException("image folder " + folder + " does not exist or is not a directory");
        }
    }

    private static String name(Path folder) {
        Path n = folder.toAbsolutePath().normalize().getFileName();
        return n == null ? folder.toString() : n.toString();
    }

    private static int channels(List<ImagePlanes> images) {
        return images.stream().anyMatch(p -> p.channels() == 3) ? 3 : 1;
    }

    private byte[] toBytes(List<ImagePlanes> images) {
        int channels = channels(images);
        int per = channels * size * size;
        byte[] out = new byte[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            ImagePlanes p = channels == 3 ? images.get(i).toRgb() : images.get(i);
            ImageResize.toBytes(p.data(), out, i * per);
        }
        return out;
    }
}
