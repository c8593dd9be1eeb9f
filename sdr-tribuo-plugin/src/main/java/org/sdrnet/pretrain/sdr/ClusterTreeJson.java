package org.sdrnet.pretrain.sdr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a {@link ClusterTree}: a format tag and version, the settings, the feature dimension, every
 * internal node (path, size, split flag, child sizes, child centroids) and the training rows' leaf ids. Reading
 * checks the tag and version, then the whole structure (see {@link TreeChecks}); every failure names the file.
 */
final class ClusterTreeJson {
    static final String FORMAT = "sdr-cluster-tree";
    static final int VERSION = 1;

    /** The file's top level. */
    record TreeFile(String format, int version, SettingsFile settings, int dimension, List<NodeFile> nodes,
                    int[] rowLeafIds) {
    }

    /** Settings as stored, independent of {@link TreeSettings}'s Java shape. */
    record SettingsFile(int branching, int depth, int minClusterSize, int iterations, long seed, Integer restarts) {
    }

    /** One internal node; {@code childCentroids} entries may be null. */
    record NodeFile(int[] path, int size, boolean split, int[] childSizes, float[][] childCentroids) {
    }

    private ClusterTreeJson() {
    }

    static void write(ClusterTree tree, Path file) {
        TreeSettings s = tree.settings();
        List<NodeFile> nodes = new ArrayList<>();
        for (TreeNode n : tree.allNodes()) {
            nodes.add(new NodeFile(n.path, n.size, n.split, n.childSizes, n.childCentroids));
        }
        TreeFile f = new TreeFile(FORMAT, VERSION,
                new SettingsFile(s.branching(), s.depth(), s.minClusterSize(), s.iterations(), s.seed(), s.restarts()),
                tree.dimension(), nodes, tree.rowLeafIdsView());
        try {
            AtomicFiles.writeBytes(file, Json.MAPPER.writeValueAsBytes(f));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode cluster tree for " + file + ": " + e.getMessage(), e);
        }
    }

    static ClusterTree read(Path file) {
        String what = "cluster tree file " + file;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(what + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not readable JSON (truncated or corrupt?): "
                    + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException(what + " is not an SDR cluster tree (no \"format\": \"" + FORMAT + "\")");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException(what + " has format version " + version + "; this build reads version " + VERSION);
        }
        TreeFile f;
        try {
            f = Json.MAPPER.treeToValue(root, TreeFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " has a malformed field: " + firstLine(e.getMessage()), e);
        }
        try {
            if (f.settings() == null || f.nodes() == null || f.rowLeafIds() == null) {
                throw new IllegalArgumentException("a required field (settings, nodes, rowLeafIds) is missing");
            }
            SettingsFile s = f.settings();
            // trees written before restarts existed were built with one k-means run per node
            TreeSettings settings = new TreeSettings(s.branching(), s.depth(), s.minClusterSize(), s.iterations(), s.seed(),
                    s.restarts() == null ? 1 : s.restarts());
            List<TreeNode> nodes = new ArrayList<>();
            for (NodeFile n : f.nodes()) {
                if (n == null) {
                    throw new IllegalArgumentException("a node is null");
                }
                nodes.add(new TreeNode(n.path(), n.size(), n.split(),
                        n.childSizes() == null ? new int[0] : n.childSizes(), n.childCentroids()));
            }
            return new ClusterTree(settings, f.dimension(), nodes, f.rowLeafIds());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
