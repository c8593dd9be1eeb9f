package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.PngDecoder;
import org.sdrnet.data.Sampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Open Clip Art (CLIPART in DATA.md, {@code clipart/png/<folder>/…}): the D6 task and the P5 pool.
 * <p>
 * D6 maps the package's folders to 6 object classes (paths relative to {@code png/}):
 * <ul>
 *   <li>{@code animals}: all of {@code animals/**} (amphibian, birds, bugs, dinosaurs, fantasy, fish, mammals)</li>
 *   <li>{@code food}: all of {@code food/**} (beverages, breads_and_carbs, dairy, desserts, fruit, meats_and_eggs,
 *       vegetables)</li>
 *   <li>{@code people}: {@code people/**} except {@code people/smilies} and {@code people/stickmen}
 *       (keeps bodypart, clothing and the top level)</li>
 *   <li>{@code plants}: all of {@code plants/**} (flowers, trees)</li>
 *   <li>{@code tools}: all of {@code tools/**} (including {@code tools/weapons} and the single {@code tools/toys}
 *       file)</li>
 *   <li>{@code vehicles}: {@code transportation/**} except {@code transportation/aiga-symbols} and
 *       {@code transportation/roadsigns} (keeps boating, vehicles and the top level)</li>
 * </ul>
 * Files the decoder would skip (over 4000 px, unreadable header) are left out before splitting, so class
 * counts are exact. The rest is split 70/30 stratified by class with a fixed split seed
 * ({@link #DEFAULT_SPLIT_SEED} unless given). P5 = every clip-art file of all 22 folders minus the whole D6
 * test split (whatever the preset), so no D6 test image is ever pretrained on; it is labeled by top-level
 * folder for analysis only. The load seed draws the caps and the pool sample, and only the sampled files are
 * decoded.
 */
public final class ClipartSources {

    /** D6 classes, in label order. */
    public static final List<String> D6_CLASSES = List.of("animals", "food", "people", "plants", "tools", "vehicles");
    /** Share of each D6 class held out for test. */
    public static final double TEST_FRACTION = 0.3;
    /** Seed of the D6 split shared by D6 and P5. */
    public static final long DEFAULT_SPLIT_SEED = 20_221_106L;

    static final String SET = "clipart";
    private static final Logger LOG = LoggerFactory.getLogger(ClipartSources.class);

    private ClipartSources() {}

    /**
     * The fixed D6 split and the P5 candidates.
     *
     * @param train       D6 probe-train files (all of them, before preset caps)
     * @param test        D6 test files (all of them, before preset caps)
     * @param pool        every clip-art file not in {@code test}: P5's candidates, sorted
     * @param leftOut     labeled files left out of D6 because the decoder would skip them
     */
    public record Split(List<Path> train, List<Path> test, List<Path> pool, List<DecodeResult.Skipped> leftOut) {}

    /** The P5 pool with the default split seed. */
    public static PoolSource pool() {
        return pool(DEFAULT_SPLIT_SEED);
    }

    /** The P5 pool excluding the D6 test split drawn with {@code splitSeed}. */
    public static PoolSource pool(long splitSeed) {
        return new PoolSource() {
            @Override public String id() { return "P5"; }
            @Override public String description() {
                return "CLIPART: all 22 folders minus the D6 test images (3x32x32)";
            }
            @Override public ImageSet load(DataPaths paths, Preset preset, long seed) {
                Path root = pngRoot(paths);
                return loadPool(root, split(root, splitSeed).pool(), preset.poolPerDomain(), seed);
            }
        };
    }

    /** The D6 task with the default split seed. */
    public static TaskSource task() {
        return task(DEFAULT_SPLIT_SEED);
    }

    /** The D6 task with split seed {@code splitSeed}. */
    public static TaskSource task(long splitSeed) {
        return new TaskSource() {
            @Override public String id() { return "D6"; }
            @Override public String description() {
                return "CLIPART objects (6): animals, food, people, plants, tools, vehicles; stratified 70/30";
            }
            @Override public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
                Path root = pngRoot(paths);
                Split split = split(root, splitSeed);
                List<Path> train = capPerClass(root, split.train(), preset.trainPerClass(), seed);
                List<Path> test = capTotal(root, split.test(), preset.maxTest(), seed + 1);
                return DownstreamTask.single("D6", description(), decode("D6-train", root, train),
                        decode("D6-test", root, test));
            }
        };
    }

    /** {@code clipart/png} of a fetched cache. */
    static Path pngRoot(DataPaths paths) {
        return paths.set(SET).resolve("png");
    }

    /**
     * The D6 class of a file, from its path relative to {@code png/} with '/' separators (e.g.
     * {@code people/stickmen/walk.png}); empty for files outside D6.
     */
    public static Optional<String> d6Class(String relativePath) {
        String[] parts = relativePath.split("/");
        String top = parts[0];
        String sub = parts.length > 2 ? parts[1] : "";
        return Optional.ofNullable(switch (top) {
            case "animals", "food", "plants", "tools" -> top;
            case "people" -> sub.equals("smilies") || sub.equals("stickmen") ? null : "people";
            case "transportation" -> sub.equals("aiga-symbols") || sub.equals("roadsigns") ? null : "vehicles";
            default -> null;
        });
    }

    /** Splits the clip art under {@code pngRoot}; see {@link Split}. */
    public static Split split(Path pngRoot, long splitSeed) {
        List<Path> all = listPngs(pngRoot);
        List<Path> labeled = all.stream().filter(p -> d6Class(relative(pngRoot, p)).isPresent()).toList();
        PngDecoder decoder = PngDecoder.rgb(ImageSet.DEFAULT_SIZE);
        String[] problems = new String[labeled.size()];
        IntStream.range(0, labeled.size()).parallel().forEach(i -> problems[i] = decoder.headerProblem(labeled.get(i)));
        List<Path> usable = new ArrayList<>();
        List<DecodeResult.Skipped> leftOut = new ArrayList<>();
        for (int i = 0; i < labeled.size(); i++) {
            if (problems[i] == null) {
                usable.add(labeled.get(i));
            } else {
                leftOut.add(new DecodeResult.Skipped(labeled.get(i), problems[i]));
            }
        }
        if (!leftOut.isEmpty()) {
            LOG.info("D6: left out {} clip-art files the decoder would skip (first: {})", leftOut.size(),
                    leftOut.get(0).reason());
        }
        int[] labels = labels(pngRoot, usable);
        int[][] parts = Sampling.holdOutPerClass(labels, D6_CLASSES.size(), TEST_FRACTION, new Random(splitSeed));
        List<Path> train = pick(usable, parts[0]);
        List<Path> test = pick(usable, parts[1]);
        Set<Path> testSet = new HashSet<>(test);
        List<Path> pool = all.stream().filter(p -> !testSet.contains(p)).toList();
        return new Split(train, test, pool, leftOut);
    }

    private static List<Path> capPerClass(Path root, List<Path> files, int cap, long seed) {
        int[] keep = Sampling.perClass(labels(root, files), D6_CLASSES.size(), cap, new Random(seed));
        return pick(files, keep);
    }

    private static List<Path> capTotal(Path root, List<Path> files, int max, long seed) {
        int[] keep = Sampling.stratified(labels(root, files), D6_CLASSES.size(), max, new Random(seed));
        return pick(files, keep);
    }

    private static ImageSet decode(String name, Path root, List<Path> files) {
        DecodeResult r = PngDecoder.rgb(ImageSet.DEFAULT_SIZE).decodeAll(files);
        if (r.skippedCount() > 0) {
            LOG.warn("{}: {}", name, r);
        }
        return r.toImageSet(name, labels(root, files), D6_CLASSES);
    }

    /**
     * P5: up to {@code count} of {@code candidates} in a seeded order, decoding only those; a skipped file is
     * replaced by the next candidate, so the pool is {@code count} images whenever enough files decode.
     */
    public static ImageSet loadPool(Path pngRoot, List<Path> candidates, int count, long seed) {
        int[] order = Sampling.permutation(candidates.size(), new Random(seed));
        PngDecoder decoder = PngDecoder.rgb(ImageSet.DEFAULT_SIZE);
        List<Path> kept = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        int next = 0;
        int skipped = 0;
        while (kept.size() < count && next < order.length) {
            int take = Math.min(count - kept.size(), order.length - next);
            List<Path> batch = IntStream.of(order).skip(next).limit(take).mapToObj(candidates::get).toList();
            next += take;
            DecodeResult r = decoder.decodeAll(batch);
            for (int i : r.decodedIndices()) {
                kept.add(batch.get(i));
                images.add(r.image(i));
            }
            skipped += r.skippedCount();
        }
        if (skipped > 0) {
            LOG.warn("P5: skipped {} clip-art files, kept {}", skipped, kept.size());
        }
        List<String> folders = List.copyOf(new TreeSet<>(candidates.stream().map(p -> topFolder(pngRoot, p)).toList()));
        int per = 3 * ImageSet.DEFAULT_SIZE * ImageSet.DEFAULT_SIZE;
        byte[] pixels = new byte[kept.size() * per];
        int[] labels = new int[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * per, per);
            labels[i] = folders.indexOf(topFolder(pngRoot, kept.get(i)));
        }
        return ImageSet.labeled("P5", 3, ImageSet.DEFAULT_SIZE, pixels, labels, folders);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String topFolder(Path root, Path file) {
        String rel = relative(root, file);
        int slash = rel.indexOf('/');
        return slash < 0 ? "(top level)" : rel.substring(0, slash);
    }

    private static int[] labels(Path root, List<Path> files) {
        return files.stream().mapToInt(p -> D6_CLASSES.indexOf(d6Class(relative(root, p)).orElseThrow())).toArray();
    }

    private static List<Path> pick(List<Path> files, int[] indices) {
        return IntStream.of(indices).mapToObj(files::get).toList();
    }

    private static List<Path> listPngs(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": clip-art folder not found; fetch it with `scripts/fetch-data.sh clipart`");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new DataException(root + ": no PNG files");
            }
            return files;
        } catch (IOException e) {
            throw new DataException(root + ": cannot list clip art (" + e.getMessage() + ")", e);
        }
    }
}
