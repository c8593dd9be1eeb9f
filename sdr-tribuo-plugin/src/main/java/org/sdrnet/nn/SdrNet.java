package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SDRnet (Liu et al., "Task-customized Self-supervised Pre-training with Scalable Dynamic Routing", AAAI 2022), as
 * specified in METHODS.md §1: every stage-s convolution has a shared part and G private groups, each with its own
 * BatchNorm; a sample at stage s uses the shared channels plus its group's private channels.
 * <p>
 * <b>One batch, many paths.</b> At an untied stage the batch is reordered once so each group's rows are
 * contiguous; every private convolution then runs on its group's slice, shared convolutions run on the whole batch,
 * and the original order is restored after the last stage. A step therefore costs one network's FLOPs whatever the
 * number of sub-nets, with G small convolutions instead of one per private layer.
 * <p>
 * <b>Tied stages.</b> Before data-aware progressive training unties stage s, every sample uses group 0 there;
 * {@link #untie(int)} copies group 0 into the other groups.
 * <p>
 * Parameter names: {@code stem.*} as in {@link ResNetNames}; per layer {@code <unit>.<layer>.shared.*} and
 * {@code <unit>.<layer>.group<g>.*}, e.g. {@code stage2.block0.conv1.group3.weight}, {@code stage2.block0.bn1.shared.gamma}.
 */
public final class SdrNet extends ParameterBlock {
    private static final String[] BN_PARTS = {"gamma", "beta", "runningMean", "runningVar"};
    private final SdrSpec spec;
    private final List<ResNetNames.Unit> units;
    private final boolean layerFanOut;

    /**
     * Which private group each row uses at each stage: {@code groups[s]} is null when stage s is tied (every row uses
     * group 0), else one group id per row of the batch.
     */
    public record Routing(int[][] groups) {
        public static Routing tied(int stages) {
            return new Routing(new int[stages][]);
        }

        /** Every row on one path. */
        public static Routing path(int[] path, int rows) {
            int[][] g = new int[path.length][];
            for (int s = 0; s < path.length; s++) {
                g[s] = new int[rows];
                Arrays.fill(g[s], path[s]);
            }
            return new Routing(g);
        }
    }

    /** SDRnet whose split convolutions are initialised over their part's fan-out (the setting of runs so far). */
    public SdrNet(SdrSpec spec) {
        this(spec, false);
    }

    /**
     * SDRnet; with {@code layerFanOut} every split convolution's parts are initialised over the fan-out of the whole
     * layer (shared + private channels), as the plain network of the same widths is, instead of over their own.
     */
    public SdrNet(SdrSpec spec, boolean layerFanOut) {
        this.spec = spec;
        this.layerFanOut = layerFanOut;
        ResNetSpec base = spec.base();
        this.units = ResNetNames.units(base);
        int[] widths = base.widths();
        declare(Layers.convWeight(ResNetNames.STEM + ".conv.weight", widths[0], base.inChannels(), 3));
        declareBatchNorm(ResNetNames.STEM + ".bn", widths[0]);
        int in = widths[0];
        for (ResNetNames.Unit u : units) {
            declareSplit(u.prefix() + ".conv1", u.prefix() + ".bn1", u.stage(), in, 3);
            declareSplit(u.prefix() + ".conv2", u.prefix() + ".bn2", u.stage(), u.out(), 3);
            if (u.hasShortcutConv()) {
                declareSplit(u.prefix() + ".down.conv", u.prefix() + ".down.bn", u.stage(), in, 1);
            }
            in = u.out();
        }
    }

    private void declareSplit(String conv, String bn, int stage, int in, int k) {
        int s = spec.sharedWidth(stage);
        int p = spec.privateWidth(stage);
        if (s > 0) {
            declare(Layers.convWeight(conv + ".shared.weight", s, in, k, layerFanOut ? s + p : s));
            declareBatchNorm(bn + ".shared", s);
        }
        for (int g = 0; g < spec.groups(); g++) {
            declare(Layers.convWeight(conv + ".group" + g + ".weight", p, in, k, layerFanOut ? s + p : p));
            declareBatchNorm(bn + ".group" + g, p);
        }
    }

    public SdrSpec spec() {
        return spec;
    }

    /** Copies group 0 of every layer of stage {@code stage} (0-based) into groups 1…G−1. */
    public void untie(int stage) {
        Map<String, Parameter> named = namedParameters();
        for (ResNetNames.Unit u : units) {
            if (u.stage() != stage) {
                continue;
            }
            for (String prefix : layerPrefixes(u)) {
                for (String suffix : suffixes(prefix)) {
                    NDArray src = named.get(prefix + ".group0." + suffix).getArray();
                    for (int g = 1; g < spec.groups(); g++) {
                        // a copy of the values, never copyTo (see Weights.assign)
                        Weights.assign(named.get(prefix + ".group" + g + "." + suffix).getArray(), src);
                    }
                }
            }
        }
    }

    private static List<String> layerPrefixes(ResNetNames.Unit u) {
        List<String> l = new ArrayList<>(List.of(u.prefix() + ".conv1", u.prefix() + ".bn1", u.prefix() + ".conv2", u.prefix() + ".bn2"));
        if (u.hasShortcutConv()) {
            l.add(u.prefix() + ".down.conv");
            l.add(u.prefix() + ".down.bn");
        }
        return l;
    }

    private static String[] suffixes(String layerPrefix) {
        return layerPrefix.endsWith("conv") || layerPrefix.matches(".*\\.conv\\d") ? new String[] {"weight"} : BN_PARTS;
    }

    /**
     * The plain ResNet weights of the sub-net on {@code path} (one group per stage): every layer's shared and
     * group weights concatenated along the output channels. Its forward pass equals this network's on that path.
     */
    public static Map<String, HostTensor> extract(SdrSpec spec, Map<String, HostTensor> weights, int[] path) {
        if (path.length != spec.numStages()) {
            throw new IllegalArgumentException("path " + Arrays.toString(path) + " needs one group per stage (" + spec.numStages() + ")");
        }
        for (int g : path) {
            if (g < 0 || g >= spec.groups()) {
                throw new IllegalArgumentException("path " + Arrays.toString(path) + " uses a group outside 0.." + (spec.groups() - 1));
            }
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String k : new String[] {"conv.weight", "bn.gamma", "bn.beta", "bn.runningMean", "bn.runningVar"}) {
            out.put(ResNetNames.STEM + "." + k, require(weights, ResNetNames.STEM + "." + k));
        }
        for (ResNetNames.Unit u : ResNetNames.units(spec.base())) {
            for (String prefix : layerPrefixes(u)) {
                for (String suffix : suffixes(prefix)) {
                    HostTensor priv = require(weights, prefix + ".group" + path[u.stage()] + "." + suffix);
                    HostTensor shared = spec.sharedWidth(u.stage()) > 0 ? require(weights, prefix + ".shared." + suffix) : null;
                    out.put(prefix + "." + suffix, shared == null ? priv : concatRows(shared, priv));
                }
            }
        }
        return out;
    }

    private static HostTensor require(Map<String, HostTensor> w, String name) {
        HostTensor t = w.get(name);
        if (t == null) {
            throw new IllegalArgumentException("SDRnet weights have no parameter " + name);
        }
        return t;
    }

    /** Concatenation along the first axis (output channels). */
    private static HostTensor concatRows(HostTensor a, HostTensor b) {
        long[] sa = a.shape();
        long[] sb = b.shape();
        long[] s = sa.clone();
        s[0] = sa[0] + sb[0];
        float[] v = new float[a.values().length + b.values().length];
        System.arraycopy(a.values(), 0, v, 0, a.values().length);
        System.arraycopy(b.values(), 0, v, a.values().length, b.values().length);
        return new HostTensor(s, v);
    }

    /** Forward pass with every stage tied (all rows on group 0): the level-0 network. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(forward(ps, x, training, Routing.tied(spec.numStages())));
    }

    /** Features {@code [rows, featureDim]} with each row routed through its groups. */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training, Routing routing) {
        if (routing.groups().length != spec.numStages()) {
            throw new IllegalArgumentException("routing has " + routing.groups().length + " stages, network " + spec.numStages());
        }
        Device d = x.getDevice();
        int rows = (int) x.getShape().get(0);
        x = Activation.relu(Layers.bn(Layers.conv(x, value(ps, ResNetNames.STEM + ".conv.weight", d, training), 1),
                batchNormValues(ps, ResNetNames.STEM + ".bn", d, training), training));
        int[] current = identity(rows); // current[i] = original row of row i
        int[] slices = null;            // group boundaries of the current stage, or null when tied
        int stage = -1;
        for (ResNetNames.Unit u : units) {
            if (u.stage() != stage) {
                stage = u.stage();
                int[] g = routing.groups()[stage];
                if (g == null) {
                    slices = null;
                } else {
                    if (g.length != rows) {
                        throw new IllegalArgumentException("routing of stage " + (stage + 1) + " has " + g.length + " rows, batch " + rows);
                    }
                    int[] order = orderByGroup(g, current);
                    x = gather(x, order);
                    int[] next = new int[rows];
                    for (int i = 0; i < rows; i++) {
                        next[i] = current[order[i]];
                    }
                    current = next;
                    slices = boundaries(g, current);
                }
            }
            String p = u.prefix();
            NDArray y = Activation.relu(split(ps, x, p + ".conv1", p + ".bn1", u.stage(), u.stride(), slices, training));
            y = split(ps, y, p + ".conv2", p + ".bn2", u.stage(), 1, slices, training);
            NDArray shortcut = u.hasShortcutConv() ? split(ps, x, p + ".down.conv", p + ".down.bn", u.stage(), u.stride(), slices, training) : x;
            x = Activation.relu(y.add(shortcut));
        }
        Shape s = x.getShape();
        NDArray features = x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
        if (!isIdentity(current)) {
            features = gather(features, inverse(current));
        }
        return features;
    }

    /**
     * One split layer. Each group's rows run one convolution whose weight is the shared part stacked on the group's
     * part (so a tied stage costs exactly one plain convolution, an untied one G convolutions on slices); BatchNorm
     * then normalises the shared channels over all rows and each group's private channels over its own rows.
     */
    private NDArray split(ParameterStore ps, NDArray x, String conv, String bn, int stage, int stride, int[] slices, boolean training) {
        Device d = x.getDevice();
        int shared = spec.sharedWidth(stage);
        NDArray sharedWeight = shared > 0 ? value(ps, conv + ".shared.weight", d, training) : null;
        NDList outs = new NDList();
        NDList privs = new NDList();
        for (int g = 0; g < spec.groups(); g++) {
            boolean tied = slices == null;
            if (tied && g > 0) {
                break;
            }
            if (!tied && slices[g + 1] == slices[g]) {
                continue;
            }
            NDArray xg = tied ? x : x.get(new NDIndex(slices[g] + ":" + slices[g + 1]));
            NDArray w = value(ps, conv + ".group" + g + ".weight", d, training);
            NDArray weight = w;
            if (sharedWeight != null) {
                // the stacked weight is per step: it belongs to the batch's manager, not to the parameters'
                weight = NDArrays.concat(new NDList(sharedWeight, w), 0);
                weight.attach(x.getManager());
            }
            NDArray y = Layers.conv(xg, weight, stride);
            NDArray priv = shared > 0 ? y.get(new NDIndex(":, " + shared + ":")) : y;
            privs.add(Layers.bn(priv, batchNormValues(ps, bn + ".group" + g, d, training), training));
            outs.add(y);
        }
        NDArray priv = privs.size() == 1 ? privs.get(0) : NDArrays.concat(privs, 0);
        if (shared == 0) {
            return priv;
        }
        NDArray all = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 0);
        NDArray sharedOut = Layers.bn(all.get(new NDIndex(":, 0:" + shared)), batchNormValues(ps, bn + ".shared", d, training), training);
        return NDArrays.concat(new NDList(sharedOut, priv), 1);
    }

    private static NDArray gather(NDArray x, int[] rows) {
        NDManager m = x.getManager();
        long[] idx = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            idx[i] = rows[i];
        }
        NDArray index = m.create(idx).toDevice(x.getDevice(), false);
        return x.get(new NDIndex("{}", index));
    }

    /** A stable order of the current rows by their group at this stage. */
    private static int[] orderByGroup(int[] groupOfOriginal, int[] current) {
        Integer[] o = new Integer[current.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Integer.compare(groupOfOriginal[current[a]], groupOfOriginal[current[b]]));
        int[] out = new int[o.length];
        for (int i = 0; i < o.length; i++) {
            out[i] = o[i];
        }
        return out;
    }

    private int[] boundaries(int[] groupOfOriginal, int[] current) {
        int[] b = new int[spec.groups() + 1];
        for (int r : current) {
            int g = groupOfOriginal[r];
            if (g < 0 || g >= spec.groups()) {
                throw new IllegalArgumentException("routing uses group " + g + " outside 0.." + (spec.groups() - 1));
            }
            b[g + 1]++;
        }
        for (int g = 0; g < spec.groups(); g++) {
            b[g + 1] += b[g];
        }
        return b;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static boolean isIdentity(int[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.base().featureDim())};
    }
}
