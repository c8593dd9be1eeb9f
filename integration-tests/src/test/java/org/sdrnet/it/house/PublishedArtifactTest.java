package org.sdrnet.it.house;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user gets with the plugin: the library, the {@code sdr} CLI and its demo catalog, but no data fetch script
 * (it stays in the repository's scripts/), no benchmark {@code main} (those live here, in integration-tests), and no
 * logging backend (the user picks one, as with DJL and Tribuo).
 */
class PublishedArtifactTest {
    static final Path PLUGIN = PackageLayersTest.ROOT.resolve("sdr-tribuo-plugin");

    static JarFile pluginJar() throws IOException {
        try (Stream<Path> s = Files.list(PLUGIN.resolve("target"))) {
            Path jar = s.filter(p -> p.getFileName().toString().matches("sdr-tribuo-plugin-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no plugin jar in " + PLUGIN.resolve("target")
                            + ": run mvn -B verify from the repository root"));
            return new JarFile(jar.toFile());
        }
    }

    @Test
    void theJarHoldsNoFetchScriptAndNoLoggingSettings() throws IOException {
        try (JarFile jar = pluginJar()) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertTrue(names.contains("org/sdrnet/tribuo/SdrFeatureExtractor.class"), "the library is in the jar");
            assertEquals(List.of(), names.stream().filter(n -> n.endsWith(".sh") || n.endsWith("simplelogger.properties")
                    || n.startsWith("org/slf4j/")).toList());
        }
    }

    @Test
    void onlyTheCliHasAMainMethod() throws Exception {
        List<String> mains = new ArrayList<>();
        try (JarFile jar = pluginJar()) {
            for (JarEntry e : jar.stream().toList()) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class")) {
                    Class<?> c = Class.forName(n.replace('/', '.').replace(".class", ""), false, getClass().getClassLoader());
                    try {
                        if (Modifier.isStatic(c.getDeclaredMethod("main", String[].class).getModifiers())) {
                            mains.add(c.getName());
                        }
                    } catch (NoSuchMethodException notAMain) {
                        // the usual case
                    }
                }
            }
        }
        assertEquals(List.of("org.sdrnet.cli.SdrCli"), mains);
    }

    @Test
    void thePomDeclaresNoLoggingBackendForUsers() throws Exception {
        NodeList deps = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(PLUGIN.resolve("pom.xml").toFile())
                .getElementsByTagName("dependency");
        boolean seen = false;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String artifact = d.getElementsByTagName("artifactId").item(0).getTextContent();
            if (artifact.startsWith("slf4j-") && !artifact.equals("slf4j-api")) {
                seen = true;
                NodeList scope = d.getElementsByTagName("scope");
                assertTrue(scope.getLength() == 1 && scope.item(0).getTextContent().equals("test"),
                        artifact + " must be test-scoped in the plugin's pom");
            }
        }
        assertTrue(seen, "the tests' backend (slf4j-simple, test scope) is declared");
        assertFalse(Files.exists(PLUGIN.resolve("src/main/resources/simplelogger.properties")));
    }
}
