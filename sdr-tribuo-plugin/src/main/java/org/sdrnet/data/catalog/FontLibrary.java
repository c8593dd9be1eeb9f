package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The font faces glyphs are rendered from (GLYPHS in DATA.md), grouped into families by
 * {@link Font#getFamily(Locale)}: either the fetched Debian font packages ({@code fonts/fonts/**}) or, when that
 * set is not fetched, the fonts installed on this machine (DejaVu on a fresh Debian). {@link #isFetched()}
 * and {@link #origin()} say which, so a demo can tell the user.
 * <p>
 * Only faces that can draw every one of A–Z a–z 0–9 with a visible outline are kept; known symbol fonts that
 * pass {@code canDisplay} anyway are dropped by family name. Libraries are cached per directory for the
 * life of the JVM: loading ~550 font files takes about a second and both P3 and D3 need them.
 */
public final class FontLibrary {

    /** The characters every kept face must draw: the P3 alphabet. */
    public static final String REQUIRED_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Families whose "letters" are symbols although {@code canDisplay} says yes (DATA.md). */
    public static final Set<String> SYMBOL_FAMILIES = Set.of("D050000L", "Standard Symbols PS", "Noto Sans Symbols",
            "Noto Traditional Nushu", "Linux Biolinum Keyboard O");

    /** Java's logical fonts alias physical ones (DejaVu here): counting them would duplicate faces. */
    private static final Set<String> LOGICAL_FAMILIES = Set.of(Font.DIALOG, Font.DIALOG_INPUT, Font.SANS_SERIF,
            Font.SERIF, Font.MONOSPACED);

    /** Held-out families when enough exist (DATA.md: ~35 unseen families for D3). */
    public static final int HELD_OUT_FAMILIES = 35;

    private static final Logger LOG = LoggerFactory.getLogger(FontLibrary.class);
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private static final Map<String, FontLibrary> CACHE = new ConcurrentHashMap<>();

    /** A face that was not kept, and why. */
    public record Rejected(String face, String reason) {}

    /** The families for training (P3 and D3-train) and the unseen ones for D3-test; disjoint, sorted. */
    public record FamilySplit(List<String> train, List<String> test) {}

    private final String origin;
    private final boolean fetched;
    private final Map<String, List<Font>> families;
    private final List<Rejected> rejected;
    private final long loadMillis;

    private FontLibrary(String origin, boolean fetched, Map<String, List<Font>> families, List<Rejected> rejected,
                        long loadMillis) {
        this.origin = origin;
        this.fetched = fetched;
        this.families = families;
        this.rejected = List.copyOf(rejected);
        this.loadMillis = loadMillis;
    }

    /** The fetched {@code fonts} set of {@code paths} when present, else the machine's fonts; cached. */
    public static FontLibrary forPaths(DataPaths paths) {
        return paths.has("fonts") ? fromDirectory(paths.set("fonts").resolve("fonts")) : system();
    }

    /** Every {@code .ttf}/{@code .otf} below {@code dir}; cached per directory. */
    public static FontLibrary fromDirectory(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        return CACHE.computeIfAbsent("dir:" + key, k -> loadDirectory(key));
    }

    /** The physical fonts installed on this machine (logical aliases such as "Dialog" excluded); cached. */
    public static FontLibrary system() {
        return CACHE.computeIfAbsent("system", k -> loadSystem());
    }

    private static FontLibrary loadDirectory(Path dir) {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": font directory not found; fetch it with `scripts/fetch-data.sh fonts`");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(FontLibrary::isFontFile).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list fonts (" + e.getMessage() + ")", e);
        }
        List<Font> faces = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (Path file : files) {
            try {
                faces.addAll(List.of(Font.createFonts(file.toFile())));
            } catch (Exception e) {
                LOG.warn("skipping font {}: {}", file, e.getMessage());
                rejected.add(new Rejected(file.toString(), "unreadable font file: " + e.getMessage()));
            }
        }
        FontLibrary lib = build("fetched fonts in " + dir, true, faces, rejected, t0);
        if (lib.families.isEmpty()) {
            throw new DataException(dir + ": no usable font faces among " + files.size() + " font files");
        }
        return lib;
    }

    private static FontLibrary loadSystem() {
        long t0 = System.nanoTime();
        List<Font> faces = Stream.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts())
                .filter(f -> !LOGICAL_FAMILIES.contains(f.getFamily(Locale.ENGLISH))).toList();
        FontLibrary lib = build("fonts installed on this machine", false, faces, new ArrayList<>(), t0);
        if (lib.families.isEmpty()) {
            throw new DataException("no usable system fonts for glyph rendering; fetch the font set with "
                    + "`scripts/fetch-data.sh fonts`");
        }
        return lib;
    }

    private static boolean isFontFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".ttf") || n.endsWith(".otf");
    }

    /** Filters faces (duplicates by face name, symbol fonts, incomplete alphabets) and groups them by family. */
    private static FontLibrary build(String origin, boolean fetched, List<Font> faces, List<Rejected> rejected, long t0) {
        Map<String, List<Font>> byFamily = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Font face : faces) {
            String name = face.getFontName(Locale.ENGLISH);
            String family = face.getFamily(Locale.ENGLISH);
            if (!seen.add(name)) {
                continue; // the same face shipped twice (e.g. fonts-liberation and fonts-liberation2)
            }
            String problem = SYMBOL_FAMILIES.contains(family) ? "symbol font" : alphabetProblem(face);
            if (problem != null) {
                rejected.add(new Rejected(name, problem));
                continue;
            }
            byFamily.computeIfAbsent(family, k -> new ArrayList<>()).add(face);
        }
        Map<String, List<Font>> frozen = new LinkedHashMap<>();
        byFamily.forEach((family, list) -> {
            list.sort(Comparator.comparing(f -> f.getFontName(Locale.ENGLISH)));
            frozen.put(family, List.copyOf(list));
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int kept = frozen.values().stream().mapToInt(List::size).sum();
        LOG.info("loaded {} font faces in {} families from {} in {} ms ({} faces rejected)",
                kept, frozen.size(), origin, ms, rejected.size());
        return new FontLibrary(origin, fetched, Collections.unmodifiableMap(frozen), rejected, ms);
    }

    /** Why {@code face} cannot render the whole alphabet, or null when it can. */
    private static String alphabetProblem(Font face) {
        int missing = face.canDisplayUpTo(REQUIRED_CHARS);
        if (missing >= 0) {
            return "cannot display '" + REQUIRED_CHARS.charAt(missing) + "'";
        }
        Font sized = face.deriveFont(GlyphRenderer.RENDER_POINTS);
        for (int i = 0; i < REQUIRED_CHARS.length(); i++) {
            char c = REQUIRED_CHARS.charAt(i);
            if (sized.createGlyphVector(FRC, String.valueOf(c)).getOutline().getBounds2D().isEmpty()) {
                return "empty outline for '" + c + "'";
            }
        }
        return null;
    }

    /** Where the faces came from, for logs and demos. */
    public String origin() { return origin; }

    /** True for the fetched font packages, false for the machine's own fonts. */
    public boolean isFetched() { return fetched; }

    /** The kept family names, sorted. */
    public List<String> families() { return List.copyOf(families.keySet()); }

    /** The kept faces of {@code family}, sorted by face name. */
    public List<Font> faces(String family) {
        List<Font> f = families.get(family);
        if (f == null) {
            throw new IllegalArgumentException("no font family '" + family + "' in " + origin);
        }
        return f;
    }

    public int faceCount() { return families.values().stream().mapToInt(List::size).sum(); }

    /** Faces that were dropped, with the reason (symbol font, missing characters, unreadable file). */
    public List<Rejected> rejected() { return rejected; }

    /** How long loading and checking the faces took. */
    public long loadMillis() { return loadMillis; }

    /**
     * Splits the families by a seeded shuffle: {@value #HELD_OUT_FAMILIES} held out when at least twice
     * that many exist, otherwise a quarter (at least one), so a machine with only DejaVu still gets a split.
     */
    public FamilySplit split(long seed) {
        List<String> names = new ArrayList<>(families.keySet());
        if (names.size() < 2) {
            throw new DataException(origin + ": need at least 2 font families to hold some out, found " + names.size());
        }
        int heldOut = names.size() >= 2 * HELD_OUT_FAMILIES ? HELD_OUT_FAMILIES
                : Math.max(1, (int) Math.round(names.size() * 0.25));
        Collections.shuffle(names, new Random(seed));
        List<String> test = new ArrayList<>(names.subList(0, heldOut));
        List<String> train = new ArrayList<>(names.subList(heldOut, names.size()));
        Collections.sort(test);
        Collections.sort(train);
        return new FamilySplit(List.copyOf(train), List.copyOf(test));
    }

    @Override
    public String toString() {
        return "FontLibrary[" + origin + ": " + faceCount() + " faces in " + families.size() + " families]";
    }
}
