package org.sdrnet.pretrain.sdr;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.sdrnet.data.ImageSet;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.SdrNet;
import org.sdrnet.nn.SdrSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.pretrain.TrainingLoop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished SDR run as routing sees it: the final level's SDRnet weights, its spec and the cluster tree;
 * {@link #subnet(int[])} extracts any path as a plain {@link Backbone}.
 */
public final class SdrRun {
    private final Path runDir;
    private final SdrSpec spec;
    private final Map<String, HostTensor> weights;
    private final ClusterTree tree;
    private final Manifest manifest;

    private SdrRun(Path runDir, SdrSpec spec, Map<String, HostTensor> weights, ClusterTree tree, Manifest manifest) {
        this.runDir = runDir;
        this.spec = spec;
        this.weights = weights;
        this.tree = tree;
        this.manifest = manifest;
    }

    /** Opens the finished SDR run in {@code runDir}; a clear error when it is not one or not finished. */
    public static SdrRun open(Path runDir) {
        Path tree = runDir.resolve(SdrMethod.TREE_FILE);
        if (!Files.isRegularFile(tree)) {
            throw new IllegalArgumentException(runDir + " is not an SDR run directory (no " + SdrMethod.TREE_FILE + ")");
        }
        int level = 0;
        while (Files.isDirectory(SdrMethod.levelDir(runDir, level + 1))) {
            level++;
        }
        Path ckpt = SdrMethod.levelDir(runDir, level).resolve(TrainingLoop.CHECKPOINT_DIR);
        Manifest m = CheckpointStore.manifest(ckpt);
        SdrSpec spec = specOf(m, ckpt);
        if (level != spec.numStages() || !m.progress().finished()) {
            throw new IllegalArgumentException("SDR run " + runDir + " is not finished (level " + level + " of " + spec.numStages()
                    + ", step " + m.progress().globalStep() + "/" + m.progress().totalSteps() + "); resume it first");
        }
        return new SdrRun(runDir, spec, sdrWeights(ckpt), ClusterTree.read(tree), m);
    }

    static SdrSpec specOf(Manifest m, Path ckpt) {
        Object s = m.settings().get("sdrSpec");
        if (!SdrMethod.NAME.equals(m.method()) || s == null) {
            throw new IllegalArgumentException("checkpoint " + ckpt + " is from method '" + m.method() + "', not an SDR level");
        }
        return Json.MAPPER.convertValue(s, SdrSpec.class);
    }

    /** The SDRnet parameters of an SDR level checkpoint, by their SDRnet names. */
    static Map<String, HostTensor> sdrWeights(Path ckpt) {
        Map<String, HostTensor> w = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (Map.Entry<String, NDArray> e : CheckpointStore.tensors(ckpt, CheckpointStore.MODEL, manager).entrySet()) {
                if (e.getKey().startsWith(SdrNetwork.BACKBONE)) {
                    w.put(e.getKey().substring(SdrNetwork.BACKBONE.length()), HostTensor.of(e.getValue()));
                }
            }
        }
        return w;
    }

    /** The sub-net on {@code path} of the SDR level checkpoint {@code ckpt} (used for level-0 features). */
    static Backbone subnet(Path ckpt, SdrSpec spec, int[] path) {
        return new Backbone(spec.subnetSpec(), SdrNet.extract(spec, sdrWeights(ckpt), path),
                Map.of("checkpoint", ckpt.toAbsolutePath().toString(), "method", SdrMethod.NAME, "path", Arrays.toString(path)));
    }

    public SdrSpec spec() {
        return spec;
    }

    public ClusterTree tree() {
        return tree;
    }

    public Manifest manifest() {
        return manifest;
    }

    /**
     * The level-0 network (all stages tied, trained on all data): the feature space of the cluster tree, where
     * routing assigns a task's images to leaves.
     */
    public Backbone level0() {
        Path ckpt = SdrMethod.levelDir(runDir, 0).resolve(TrainingLoop.CHECKPOINT_DIR);
        return subnet(ckpt, spec, new int[spec.numStages()]);
    }

    /**
     * The pool images of the cluster the sub-net on {@code path} was specialised for: the members of its tree node,
     * or, when that node holds fewer than {@code minImages}, of its nearest ancestor that holds at least as many (the
     * whole pool at the latest). Used to re-estimate a sub-net's BatchNorm statistics on its own data.
     *
     * @param path      a leaf's tree path or SDRnet path, as {@link #subnet} takes it
     * @param pool      the images this run was pretrained on, in the same order
     * @param minImages fewest images a cluster must hold (≥ 1)
     * @throws IllegalArgumentException when {@code pool} is not the run's pool (size or content fingerprint differ)
     */
    public ImageSet clusterImages(int[] path, ImageSet pool, int minImages) {
        if (minImages < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 image, got minImages = " + minImages);
        }
        Manifest.DataInfo data = manifest.data();
        if (pool.size() != tree.size() || !data.fingerprint().equals(pool.fingerprint())) {
            throw new IllegalArgumentException("pool '" + pool.name() + "' (" + pool.size() + " images) is not the pool SDR run "
                    + runDir + " was trained on ('" + data.name() + "', " + data.images() + " images): different "
                    + (pool.size() != tree.size() ? "sizes" : "fingerprints") + " (load it with the domains, preset and "
                    + "seed the run was pretrained with)");
        }
        int[] treePath = tree.treePath(path);
        for (int depth = treePath.length; depth > 0; depth--) {
            int[] prefix = Arrays.copyOf(treePath, depth);
            if (tree.memberCount(prefix) >= minImages) {
                return pool.subset(pool.name() + " cluster " + Arrays.toString(prefix), tree.members(prefix));
            }
        }
        return pool;
    }

    /**
     * The plain backbone of the sub-net on {@code path}, with provenance naming the run and the path. The path is a
     * leaf's tree path or its SDRnet path (one group per stage); they differ only when the tree is shallower than the
     * network ({@link ClusterTree#networkPath}).
     */
    public Backbone subnet(int[] path) {
        int[] treePath = tree.treePath(path);
        int[] networkPath = tree.networkPath(treePath, spec.numStages());
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("run", runDir.toAbsolutePath().toString());
        prov.put("method", SdrMethod.NAME);
        prov.put("path", Arrays.toString(networkPath));
        prov.put("leafId", Integer.toString(tree.leafId(treePath)));
        prov.put("dataFingerprint", manifest.data().fingerprint());
        return new Backbone(spec.subnetSpec(), SdrNet.extract(spec, weights, networkPath), prov);
    }
}
