package org.sdrnet.pretrain.sdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON round trip of the cluster tree and the errors for damaged or foreign files. */
class ClusterTreeFileTest {
    private static final float[][] FEATURES = TreeFixtures.blobs(4, 60, 12, 0.4, 21);
    private static final ClusterTree TREE = ClusterTree.build(FEATURES, new TreeSettings(4, 3, 8, 30, 9));

    @TempDir
    Path dir;

    @Test
    void aWrittenTreeReadsBackEqualAndRoutesTheSame() {
        assertTrue(TREE.nodes().size() > 5, "the fixture should have a few levels of split nodes");
        Path file = dir.resolve("sub/tree.json");
        TREE.write(file);
        ClusterTree back = ClusterTree.read(file);

        assertEquals(TREE, back);
        assertEquals(TREE.settings(), back.settings());
        assertEquals(TREE.nodes(), back.nodes());
        assertArrayEquals(TREE.leafSizes(), back.leafSizes());
        for (int i = 0; i < FEATURES.length; i++) {
            assertArrayEquals(TREE.paths()[i], back.path(FEATURES[i]));
        }
        for (float[] x : TreeFixtures.blobs(4, 5, 12, 1.0, 5)) {
            assertArrayEquals(TREE.path(x), back.path(x));
        }
    }

    @Test
    void writingReplacesTheFileAndLeavesNoTemporaries() throws IOException {
        Path file = dir.resolve("tree.json");
        Files.writeString(file, "old");
        TREE.write(file);
        TREE.write(file);
        assertEquals(TREE, ClusterTree.read(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void aTruncatedFileIsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("tree.json");
        TREE.write(file);
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.json");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertMessage(cut, "is not readable JSON");
    }

    @Test
    void foreignMissingAndFutureFilesAreErrorsNamingThem() throws IOException {
        Path foreign = dir.resolve("manifest.json");
        Files.writeString(foreign, "{\"method\": \"sdr\", \"seed\": 1}");
        assertMessage(foreign, "is not an SDR cluster tree");
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1, 2, 3]");
        assertMessage(array, "is not an SDR cluster tree");
        assertMessage(dir.resolve("nothing.json"), "does not exist");

        Path future = dir.resolve("future.json");
        TREE.write(future);
        Files.writeString(future, Files.readString(future).replace("\"version\":1", "\"version\":2"));
        assertMessage(future, "has format version 2");
    }

    @Test
    void aTamperedTreeIsRejectedAsInconsistent() throws IOException {
        Path file = dir.resolve("tree.json");
        TREE.write(file);
        String json = Files.readString(file, StandardCharsets.UTF_8);

        // one row moved to another leaf: leaf sizes no longer match the nodes
        int at = json.indexOf("\"rowLeafIds\":[") + "\"rowLeafIds\":[".length();
        int end = json.indexOf(',', at);
        int leaf = Integer.parseInt(json.substring(at, end));
        Path moved = dir.resolve("moved.json");
        Files.writeString(moved, json.substring(0, at) + ((leaf + 1) % 64) + json.substring(end));
        assertMessage(moved, "is inconsistent");

        // a corrupted branching factor
        Path branching = dir.resolve("branching.json");
        Files.writeString(branching, json.replace("\"branching\":4", "\"branching\":1"));
        assertMessage(branching, "branching must be at least 2");

        // a missing field
        Path noRows = dir.resolve("no-rows.json");
        Files.writeString(noRows, json.substring(0, json.indexOf(",\"rowLeafIds\"")) + "}");
        assertMessage(noRows, "rowLeafIds");

        // a centroid of the wrong dimension
        Path shortCentroid = dir.resolve("short.json");
        Files.writeString(shortCentroid, json.replaceFirst("\"childCentroids\":\\[\\[[-0-9.Ee]+,", "\"childCentroids\":[["));
        assertMessage(shortCentroid, "child centroid of dimension 11");
    }

    private static void assertMessage(Path file, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterTree.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "message '" + e.getMessage() + "' does not name the file");
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
