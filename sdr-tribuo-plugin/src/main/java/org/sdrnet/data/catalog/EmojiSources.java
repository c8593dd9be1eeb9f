package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.DecodeResult;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.PngDecoder;
import org.sdrnet.data.RgbImage;
import org.sdrnet.data.Sampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Colour emoji (EMOJI-G, EMOJI-T in DATA.md): the P4 pool and the D4 task.
 * <ul>
 *   <li>P4: every Google 64-px PNG (skin-tone variations included), as {@code preset.poolPerDomain()} augmented
 *       renders: a seeded random square crop (70–100 % of the side) and a left-right flip with probability ½,
 *       cycling through the files in a seeded order when more renders than files are asked for. Labeled by
 *       emoji category for analysis only.</li>
 *   <li>D4: emoji category, 8 classes (Component and Flags dropped), base emoji only. The emoji are split
 *       70/30 stratified by category; probe-train = the Google PNGs of the 70 %, test = the Twitter PNGs of
 *       the other 30 %: new emoji in a new drawing style. Emoji whose PNG a vendor lacks are skipped and
 *       counted.</li>
 * </ul>
 * The emoji split uses a fixed split seed ({@link #DEFAULT_SPLIT_SEED} unless given) so the test emoji are the
 * same in every run; the load seed draws caps, crops and flips.
 */
public final class EmojiSources {

    /** Categories left out of D4: skin-tone swatches and flags are not objects of a kind. */
    public static final Set<String> DROPPED_CATEGORIES = Set.of("Component", "Flags");
    /** Share of each category's emoji held out for D4's test. */
    public static final double TEST_FRACTION = 0.3;
    /** Seed of D4's emoji split. */
    public static final long DEFAULT_SPLIT_SEED = 20_221_104L;
    /** Smallest crop side for P4 renders, as a fraction of the image side. */
    public static final double MIN_CROP = 0.7;

    static final String GOOGLE = "emoji-google";
    static final String TWITTER = "emoji-twitter";

    private static final Logger LOG = LoggerFactory.getLogger(EmojiSources.class);

    private EmojiSources() {}

    /**
     * D4 before decoding: the classes (sorted category names), the train emoji (Google PNG present) and the
     * test emoji (Twitter PNG present), and how many emoji of each side were skipped for a missing PNG.
     */
    public record TaskPlan(List<String> classNames, List<EmojiIndex.Emoji> train, List<EmojiIndex.Emoji> test,
                           int missingGoogle, int missingTwitter) {}

    /** The P4 pool. */
    public static PoolSource pool() {
        return new PoolSource() {
            @Override public String id() { return "P4"; }
            @Override public String description() {
                return "EMOJI-G: Google emoji PNGs, random crop + flip renders (3x32x32)";
            }
            @Override public ImageSet load(DataPaths paths, Preset preset, long seed) {
                return loadPool(paths.set(GOOGLE), preset.poolPerDomain(), seed);
            }
        };
    }

    /** The D4 task with the default split seed. */
    public static TaskSource task() {
        return task(DEFAULT_SPLIT_SEED);
    }

    /** The D4 task with emoji split seed {@code splitSeed}. */
    public static TaskSource task(long splitSeed) {
        return new TaskSource() {
            @Override public String id() { return "D4"; }
            @Override public String description() {
                return "EMOJI category (8): probe on Google PNGs, test on Twitter PNGs of other emoji (70/30)";
            }
            @Override public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
                Path google = paths.set(GOOGLE);
                Path twitter = paths.set(TWITTER);
                TaskPlan plan = taskPlan(google, twitter, preset, splitSeed, seed);
                ImageSet train = decode("D4-train", pngs(google), plan.train(), plan.classNames());
                ImageSet test = decode("D4-test", pngs(twitter), plan.test(), plan.classNames());
                return DownstreamTask.single("D4", description(), train, test);
            }
        };
    }

    /** The PNG directory of a fetched emoji set. */
    static Path pngs(Path set) {
        return set.resolve("img").resolve("64");
    }

    /** Plans D4 from the Google set's {@code emoji.json}; see {@link TaskPlan}. */
    public static TaskPlan taskPlan(Path googleSet, Path twitterSet, Preset preset, long splitSeed, long seed) {
        EmojiIndex index = EmojiIndex.read(googleSet.resolve("emoji.json"));
        List<EmojiIndex.Emoji> kept = index.emoji().stream()
                .filter(e -> !DROPPED_CATEGORIES.contains(e.category())).toList();
        List<String> classes = List.copyOf(new TreeSet<>(kept.stream().map(EmojiIndex.Emoji::category).toList()));
        int[] labels = kept.stream().mapToInt(e -> classes.indexOf(e.category())).toArray();
        int[][] split = Sampling.holdOutPerClass(labels, classes.size(), TEST_FRACTION, new Random(splitSeed));

        int[] train = present(kept, split[0], pngs(googleSet));
        int[] test = present(kept, split[1], pngs(twitterSet));
        int missingGoogle = split[0].length - train.length;
        int missingTwitter = split[1].length - test.length;
        if (missingGoogle + missingTwitter > 0) {
            LOG.warn("D4: skipped {} train emoji without a Google PNG and {} test emoji without a Twitter PNG",
                    missingGoogle, missingTwitter);
        }
        train = Sampling.perClass(train, labels, classes.size(), preset.trainPerClass(), new Random(seed));
        test = Sampling.stratified(test, labels, classes.size(), preset.maxTest(), new Random(seed + 1));
        return new TaskPlan(classes, pick(kept, train), pick(kept, test), missingGoogle, missingTwitter);
    }

    private static int[] present(List<EmojiIndex.Emoji> emoji, int[] indices, Path pngDir) {
        return IntStream.of(indices).filter(i -> Files.isRegularFile(pngDir.resolve(emoji.get(i).image()))).toArray();
    }

    private static List<EmojiIndex.Emoji> pick(List<EmojiIndex.Emoji> emoji, int[] indices) {
        return IntStream.of(indices).mapToObj(emoji::get).toList();
    }

    private static ImageSet decode(String name, Path pngDir, List<EmojiIndex.Emoji> emoji, List<String> classes) {
        List<Path> files = emoji.stream().map(e -> pngDir.resolve(e.image())).toList();
        int[] labels = emoji.stream().mapToInt(e -> classes.indexOf(e.category())).toArray();
        DecodeResult r = PngDecoder.rgb(ImageSet.DEFAULT_SIZE).decodeAll(files);
        if (r.skippedCount() > 0) {
            LOG.warn("{}: {}", name, r);
        }
        return r.toImageSet(name, labels, classes);
    }

    /**
     * P4: {@code count} augmented renders of the Google PNGs in {@code googleSet}. Files are visited in a
     * seeded order (so a small preset decodes only the files it uses); unreadable ones are skipped.
     */
    public static ImageSet loadPool(Path googleSet, int count, long seed) {
        List<Path> files = listPngs(pngs(googleSet));
        EmojiIndex index = EmojiIndex.read(googleSet.resolve("emoji.json"));
        int[] order = Sampling.permutation(files.size(), new Random(seed));
        List<Path> needed = IntStream.of(order).limit(Math.min(count, files.size())).mapToObj(files::get).toList();
        PngDecoder decoder = PngDecoder.rgb(ImageSet.DEFAULT_SIZE);
        PngDecoder.CompositedBatch batch = decoder.readAllComposited(needed);
        if (batch.images().isEmpty()) {
            throw new DataException(pngs(googleSet) + ": none of " + needed.size() + " emoji PNGs could be read");
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(index.emoji().stream().map(EmojiIndex.Emoji::category).toList()));
        int[] fileLabels = new int[batch.decoded().size()];
        for (int f = 0; f < fileLabels.length; f++) {
            // Every PNG of the package is listed in emoji.json; a stray file still gets a label of its own.
            String c = index.categoryOf(batch.decoded().get(f).getFileName().toString()).orElse("Unlisted");
            if (!classes.contains(c)) {
                classes.add(c);
            }
            fileLabels[f] = classes.indexOf(c);
        }

        // Draw every crop and flip up front from one generator, then render in parallel.
        Random rng = new Random(seed + 1); // seed itself drew the file order
        int m = batch.images().size();
        double[][] crops = new double[count][];
        for (int i = 0; i < count; i++) {
            RgbImage img = batch.images().get(i % m);
            double side = Math.min(img.width(), img.height()) * (MIN_CROP + (1 - MIN_CROP) * rng.nextDouble());
            double x = rng.nextDouble() * (img.width() - side);
            double y = rng.nextDouble() * (img.height() - side);
            crops[i] = new double[] {x, y, side, rng.nextBoolean() ? 1 : 0};
        }
        int per = 3 * ImageSet.DEFAULT_SIZE * ImageSet.DEFAULT_SIZE;
        byte[] pixels = new byte[count * per];
        int[] labels = new int[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            double[] c = crops[i];
            byte[] img = decoder.toChw(batch.images().get(i % m), c[0], c[1], c[2], c[2], c[3] > 0);
            System.arraycopy(img, 0, pixels, i * per, per);
            labels[i] = fileLabels[i % m];
        });
        return ImageSet.labeled("P4", 3, ImageSet.DEFAULT_SIZE, pixels, labels, classes);
    }

    private static List<Path> listPngs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": emoji PNG directory not found; fetch it with `scripts/fetch-data.sh`");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
            if (files.isEmpty()) {
                throw new DataException(dir + ": no emoji PNGs");
            }
            return files;
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list emoji PNGs (" + e.getMessage() + ")", e);
        }
    }
}
