package org.sdrnet.it.house;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package tree reads as the flow of data: every {@code org.sdrnet} package of the published modules sits in one
 * layer, and a package imports only from its own layer or lower ones. The table of package dependencies in
 * docs/architecture.md is this scan's output (written to {@code target/package-table.md} to paste when it changes).
 */
class PackageLayersTest {
    /** Lowest first. A sub-package not listed belongs to its parent's layer. */
    static final List<String> LAYERS = List.of(
            "io", "data", "data.augment", "nn", "spi", "eval",
            "pretrain", "pretrain.loss", "pretrain.simsiam", "pretrain.sdr", "pretrain.dspnet", "pretrain.trex", "pretrain.mae",
            "checkpoint", "route", "runtime", "pretrain.tec", "route.width", "onnx", "tribuo", "data.catalog", "cli");
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<Path> SOURCES = List.of(
            ROOT.resolve("sdr-tribuo-plugin/src/main/java"), ROOT.resolve("sdr-onnx-export/src/main/java"));
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.sdrnet\\.([a-z.]+?)\\.[A-Z]", Pattern.MULTILINE);
    static final Pattern PACKAGE = Pattern.compile("^package org\\.sdrnet\\.([a-z.]+);", Pattern.MULTILINE);
    static final Pattern QUALIFIED = Pattern.compile("\\borg\\.sdrnet\\.([a-z.]+?)\\.[A-Z]\\w*[.(]");
    static final String BEGIN = "<!-- package-table:begin (PackageLayersTest) -->";
    static final String END = "<!-- package-table:end -->";

    /** Package → packages it uses (imports and fully qualified names in code). */
    static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (Path src : SOURCES) {
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher pm = PACKAGE.matcher(text);
                    assertTrue(pm.find(), "no package line in " + f);
                    Set<String> uses = deps.computeIfAbsent(pm.group(1), k -> new TreeSet<>());
                    String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                    for (Matcher m : List.of(IMPORT.matcher(code), QUALIFIED.matcher(code))) {
                        while (m.find()) {
                            if (!m.group(1).equals(pm.group(1))) {
                                uses.add(m.group(1));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deps;
    }

    static int layer(String pkg) {
        for (String p = pkg; ; p = p.substring(0, p.lastIndexOf('.'))) {
            int i = LAYERS.indexOf(p);
            if (i >= 0) {
                return i;
            }
            if (!p.contains(".")) {
                throw new AssertionError("package org.sdrnet." + pkg + " is in no layer of PackageLayersTest.LAYERS");
            }
        }
    }

    static String table(Map<String, Set<String>> deps) {
        StringBuilder sb = new StringBuilder("| package (lowest first) | uses |\n|---|---|\n");
        deps.keySet().stream().sorted((a, b) -> layer(a) != layer(b) ? Integer.compare(layer(a), layer(b)) : a.compareTo(b))
                .forEach(p -> sb.append("| `").append(p).append("` | ")
                        .append(deps.get(p).isEmpty() ? "–" : String.join(", ", deps.get(p).stream()
                                .sorted((a, b) -> Integer.compare(layer(a), layer(b))).map(d -> "`" + d + "`").toList()))
                        .append(" |\n"));
        return sb.toString();
    }

    @Test
    void noPackageImportsFromAHigherLayer() {
        List<String> upward = new ArrayList<>();
        dependencies().forEach((p, uses) -> uses.stream().filter(u -> layer(u) > layer(p))
                .forEach(u -> upward.add(p + " -> " + u)));
        assertEquals(List.of(), upward, "imports from a higher layer (LAYERS, lowest first: " + LAYERS + ")");
    }

    @Test
    void theArchitectureDocShowsTheDependenciesAsTheyAre() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        assertTrue(b >= 0 && e > b, "docs/architecture.md lacks the markers " + BEGIN + " ... " + END);
        String expected = table(dependencies());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/package-table.md"), expected);
        assertEquals(expected, doc.substring(b + BEGIN.length(), e).strip() + "\n",
                "docs/architecture.md's package table is stale; paste integration-tests/target/package-table.md between its markers");
    }

    @Test
    void theScanFindsImportsAndQualifiedNames() {
        Matcher q = QUALIFIED.matcher("var c = org.sdrnet.data.catalog.DataCatalog.standard(paths);");
        assertTrue(q.find());
        assertEquals("data.catalog", q.group(1));
        Matcher i = IMPORT.matcher("import org.sdrnet.pretrain.sdr.SdrRun;");
        assertTrue(i.find());
        assertEquals("pretrain.sdr", i.group(1));
        assertTrue(dependencies().get("tribuo").contains("spi"));
        assertTrue(layer("pretrain.sdr") < layer("route"));
    }
}
