package org.sdrnet.data.catalog;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * Printed glyphs (GLYPHS in DATA.md): the P3 pool and the D3 task.
 * <ul>
 *   <li>P3: augmented renders ({@link GlyphRenderer.Jitter#random}) of A–Z a–z 0–9 from the <em>training</em>
 *       font families, {@code preset.poolPerDomain()} images, labeled by character for analysis only.</li>
 *   <li>L1: the labelled pool of t-ReX (METHODS.md §4): augmented renders of the 52 letters A–Z a–z from the
 *       <em>training</em> font families, {@code preset.poolPerDomain()} images, labelled by letter for training.
 *       Its classes are letters, so D3 (capitals of held-out families) is its in-task test and every other task is
 *       transfer [our choice: digits left out, so that D1 and D5 share no class with it].</li>
 *   <li>D3: the 26 capital letters; plain renders of every training-family face (capped per class) for
 *       probe training, and of every held-out-family face (capped in total) for test: letters in styles
 *       the pool never showed.</li>
 * </ul>
 * The family split is drawn from a fixed split seed ({@link #DEFAULT_SPLIT_SEED} unless given), not from the
 * load seed: P3 and D3 must agree on it whatever seeds a run uses, or held-out families would leak into the
 * pool. The load seed draws pool renders and caps. Fonts come from {@link FontLibrary#forPaths}: the
 * fetched packages when present, otherwise the machine's fonts.
 */
public final class GlyphSources {

    /** Seed of the train/held-out family split shared by P3 and D3. */
    public static final long DEFAULT_SPLIT_SEED = 20_221_103L;

    /** The 26 D3 classes. */
    public static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** The 52 classes of the labelled pool L1: capitals, then small letters. */
    public static final String LETTERS_BOTH_CASES = LETTERS + "abcdefghijklmnopqrstuvwxyz";

    /** Catalog id of the labelled letters pool. */
    public static final String LABELLED_POOL_ID = "L1";

    private GlyphSources() {}

    /** One glyph to render: which face, which character, how deformed. */
    public record Glyph(String family, Font face, char character, GlyphRenderer.Jitter jitter) {
        byte[] render() {
            return GlyphRenderer.render(face, character, jitter);
        }
    }

    /** The D3 glyphs before rendering, labeled by letter index; lets tests check the family split. */
    public record TaskPlan(FontLibrary.FamilySplit split, List<Glyph> train, List<Glyph> test) {}

    /** The P3 pool with the default split seed. */
    public static PoolSource pool() {
        return pool(DEFAULT_SPLIT_SEED);
    }

    /** The P3 pool with family split seed {@code splitSeed}. */
    public static PoolSource pool(long splitSeed) {
        return new PoolSource() {
            @Override public String id() { return "P3"; }
            @Override public String description() {
                return "GLYPHS: augmented renders of A-Z a-z 0-9 from training font families (1x32x32)";
            }
            @Override public ImageSet load(DataPaths paths, Preset preset, long seed) {
                List<Glyph> glyphs = poolPlan(FontLibrary.forPaths(paths), FontLibrary.REQUIRED_CHARS, preset.poolPerDomain(),
                        splitSeed, seed);
                return renderSet("P3", glyphs, g -> FontLibrary.REQUIRED_CHARS.indexOf(g.character()),
                        classNames(FontLibrary.REQUIRED_CHARS));
            }
        };
    }

    /** The labelled pool L1 with the default split seed. */
    public static PoolSource labelledPool() {
        return labelledPool(DEFAULT_SPLIT_SEED);
    }

    /** The labelled pool L1 (letters A–Z a–z of the training families, labels kept) with family split seed {@code splitSeed}. */
    public static PoolSource labelledPool(long splitSeed) {
        return new PoolSource() {
            @Override public String id() { return LABELLED_POOL_ID; }
            @Override public String description() {
                return "GLYPHS: augmented renders of A-Z a-z (52 classes) from training font families, labelled by letter (1x32x32)";
            }
            @Override public boolean labelled() { return true; }
            @Override public ImageSet load(DataPaths paths, Preset preset, long seed) {
                List<Glyph> glyphs = poolPlan(FontLibrary.forPaths(paths), LETTERS_BOTH_CASES, preset.poolPerDomain(), splitSeed, seed);
                return renderSet(LABELLED_POOL_ID, glyphs, g -> LETTERS_BOTH_CASES.indexOf(g.character()),
                        classNames(LETTERS_BOTH_CASES));
            }
        };
    }

    /** The D3 task with the default split seed. */
    public static TaskSource task() {
        return task(DEFAULT_SPLIT_SEED);
    }

    /** The D3 task with family split seed {@code splitSeed}. */
    public static TaskSource task(long splitSeed) {
        return new TaskSource() {
            @Override public String id() { return "D3"; }
            @Override public String description() {
                return "GLYPHS letters A-Z (26): train on pool font families, test on held-out families";
            }
            @Override public DownstreamTask load(DataPaths paths, Preset preset, long seed) {
                FontLibrary fonts = FontLibrary.forPaths(paths);
                TaskPlan plan = taskPlan(fonts, preset, splitSeed, seed);
                List<String> classes = classNames(LETTERS);
                ImageSet train = renderSet("D3-train", plan.train(), g -> LETTERS.indexOf(g.character()), classes);
                ImageSet test = renderSet("D3-test", plan.test(), g -> LETTERS.indexOf(g.character()), classes);
                return DownstreamTask.single("D3", description() + " [" + fonts.origin() + "]", train, test);
            }
        };
    }

    /** P3's glyphs: {@link #poolPlan(FontLibrary, String, int, long, long)} over A–Z a–z 0–9. */
    public static List<Glyph> poolPlan(FontLibrary fonts, int count, long splitSeed, long seed) {
        return poolPlan(fonts, FontLibrary.REQUIRED_CHARS, count, splitSeed, seed);
    }

    /**
     * A pool's glyphs: {@code count} draws of (training family, face of it, character of {@code chars}, jitter), families
     * drawn uniformly so that families with many weights do not dominate.
     */
    public static List<Glyph> poolPlan(FontLibrary fonts, String chars, int count, long splitSeed, long seed) {
        List<String> families = fonts.split(splitSeed).train();
        Random rng = new Random(seed);
        List<Glyph> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String family = families.get(rng.nextInt(families.size()));
            List<Font> faces = fonts.faces(family);
            Font face = faces.get(rng.nextInt(faces.size()));
            char c = chars.charAt(rng.nextInt(chars.length()));
            out.add(new Glyph(family, face, c, GlyphRenderer.Jitter.random(rng)));
        }
        return out;
    }

    /**
     * D3's glyphs: every (face, letter) of the training families capped at {@code preset.trainPerClass()}
     * per letter, and every (face, letter) of the held-out families capped at {@code preset.maxTest()} in
     * total (letters kept balanced).
     */
    public static TaskPlan taskPlan(FontLibrary fonts, Preset preset, long splitSeed, long seed) {
        FontLibrary.FamilySplit split = fonts.split(splitSeed);
        List<Glyph> train = allLetters(fonts, split.train());
        List<Glyph> test = allLetters(fonts, split.test());
        int[] trainKeep = Sampling.perClass(letterLabels(train), LETTERS.length(), preset.trainPerClass(),
                new Random(seed));
        int[] testKeep = Sampling.stratified(letterLabels(test), LETTERS.length(), preset.maxTest(),
                new Random(seed + 1));
        return new TaskPlan(split, pick(train, trainKeep), pick(test, testKeep));
    }

    private static List<Glyph> allLetters(FontLibrary fonts, List<String> families) {
        List<Glyph> out = new ArrayList<>();
        for (String family : families) {
            for (Font face : fonts.faces(family)) {
                for (char c : LETTERS.toCharArray()) {
                    out.add(new Glyph(family, face, c, GlyphRenderer.Jitter.NONE));
                }
            }
        }
        return out;
    }

    private static int[] letterLabels(List<Glyph> glyphs) {
        return glyphs.stream().mapToInt(g -> LETTERS.indexOf(g.character())).toArray();
    }

    private static List<Glyph> pick(List<Glyph> glyphs, int[] indices) {
        List<Glyph> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(glyphs.get(i));
        }
        return out;
    }

    private static List<String> classNames(String chars) {
        return chars.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    /** Renders the glyphs (in parallel, order kept) into a labeled 1×32×32 set. */
    private static ImageSet renderSet(String name, List<Glyph> glyphs, ToIntFunction<Glyph> label,
                                      List<String> classNames) {
        int per = GlyphRenderer.CANVAS * GlyphRenderer.CANVAS;
        byte[] pixels = new byte[glyphs.size() * per];
        IntStream.range(0, glyphs.size()).parallel()
                .forEach(i -> System.arraycopy(glyphs.get(i).render(), 0, pixels, i * per, per));
        int[] labels = glyphs.stream().mapToInt(label).toArray();
        return ImageSet.labeled(name, 1, GlyphRenderer.CANVAS, pixels, labels, classNames);
    }
}
