package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Convolutions that are right on every CPU. DJL 0.35.1's libtorch 2.7.1 computes some convolutions wrong through its
 * oneDNN kernels on some CPUs (measured on an AVX-512 AMD EPYC: a 3×3 forward whose input channels are not a multiple
 * of 16; a 3×3 input gradient whose output channels are not, which reads memory it never wrote, so it is wrong on most
 * calls but not all; a stride-2 input gradient over 48, 80 or 112 input channels; docs/architecture.md, native traps).
 * <p>
 * The first time a JVM uses a device, the guard probes it with a few such shapes against {@link ReferenceConvolution}.
 * On an engine that gets them right every convolution runs natively. On an affected one, every 3×3 convolution runs with
 * its channel counts zero-padded to an aligned shape (input channels above 16 to a multiple of 32, output channels to
 * 16 or a multiple of 32; exact: zero channels add nothing and padded outputs are sliced off); the `tiny` and `small`
 * presets are aligned already and pay nothing. Either way each shape, the first time it is met, is run forward and
 * backward on random data against the reference, twice; a shape whose route fails gets the next route that passes
 * (another padding, then im2col + matrix product), with a log line. If none is right the guard throws rather than
 * compute wrong numbers.
 */
public final class ConvGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConvGuard.class);
    /** Relative error above which a route is wrong: float32 rounding stays near 1e-6, the bug gives 0.1 to 3. */
    static final double TOLERANCE = 1e-4;
    /** The guard checks at most this many rows and columns: the bug depends on channels and stride, not on size. */
    private static final int CHECK_SIZE = 12;
    private static final int[] PAD_MULTIPLES = {1, 16, 32, 64};
    /** Shapes with channel tails (in, out, stride), probed once per JVM and device: is this engine affected? */
    private static final int[][] PROBES = {{20, 20, 1}, {24, 24, 1}, {16, 24, 1}, {48, 48, 2}};
    /** Each check runs this many times on different data: a kernel that reads unwritten memory can be right by luck. */
    private static final int REPEATS = 2;

    private static final Map<Key, Route> ROUTES = new ConcurrentHashMap<>();
    private static final Map<Device, Boolean> AFFECTED = new ConcurrentHashMap<>();
    private static final AtomicBoolean DISABLED_WARNED = new AtomicBoolean();

    private ConvGuard() {
    }

    /** How one convolution shape is computed. */
    enum Kind { NATIVE, PADDED, GEMM }

    /**
     * A route: native, channels zero-padded (input channels to a multiple of {@code inMultiple}, output channels to a
     * multiple of {@code outMultiple}; 1 leaves them), or im2col + matrix product.
     */
    record Route(Kind kind, int inMultiple, int outMultiple) {
        static final Route NATIVE = new Route(Kind.NATIVE, 1, 1);
        static final Route GEMM = new Route(Kind.GEMM, 1, 1);

        static Route padded(int inMultiple, int outMultiple) {
            return new Route(Kind.PADDED, inMultiple, outMultiple);
        }

        /** What this route does to a shape, for the log. */
        String describe(int in, int out) {
            return switch (kind) {
                case NATIVE -> "the native kernel";
                case PADDED -> "zero-padded channels " + roundUp(in, inMultiple) + "→" + roundUp(out, outMultiple);
                case GEMM -> "im2col + matrix product";
            };
        }
    }

    /** What decides the kernel: device, channels, kernel, stride and the (capped) spatial size. */
    record Key(Device device, int in, int out, int kernel, int stride, int height, int width, boolean inputGradient) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d→%d %d×%d stride %d (checked at %d×%d%s) on %s", in, out, kernel, kernel,
                    stride, height, width, inputGradient ? "" : ", no input gradient", device);
        }
    }

    /** Convolution without bias, "same" padding for odd kernels, through the route that is right for this shape. */
    public static NDArray conv(NDArray x, NDArray weight, int stride) {
        return apply(routeFor(x, weight, stride), x, weight, stride);
    }

    /** The route this JVM uses for the shape of {@code x} and {@code weight} (checked on first use). */
    static Route routeFor(NDArray x, NDArray weight, int stride) {
        if (Boolean.getBoolean("sdr.conv.unchecked")) {
            if (!DISABLED_WARNED.getAndSet(true)) {
                LOG.warn("convolution self-check disabled (-Dsdr.conv.unchecked=true): native kernels are trusted unverified");
            }
            return Route.NATIVE;
        }
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        Key key = new Key(x.getDevice(), (int) xs.get(1), (int) ws.get(0), (int) ws.get(2), stride,
                checkedSize(xs.get(2)), checkedSize(xs.get(3)), x.hasGradient());
        Route route = ROUTES.get(key);
        return route != null ? route : ROUTES.computeIfAbsent(key, ConvGuard::choose);
    }

    private static int checkedSize(long size) {
        // keep the parity: with stride 2, odd and even sizes take different border paths
        return (int) (size <= CHECK_SIZE ? size : CHECK_SIZE - (CHECK_SIZE - size) % 2);
    }

    private static Route choose(Key key) {
        Route first = affected(key.device()) && key.kernel() > 1 ? aligned(key) : Route.NATIVE;
        double firstError = error(first, key);
        if (firstError <= TOLERANCE) {
            if (first != Route.NATIVE) {
                LOG.debug("convolution {}: {} (verified)", key, first.describe(key.in(), key.out()));
            }
            return first;
        }
        List<Route> candidates = paddings(key);
        candidates.remove(first);
        candidates.add(Route.GEMM);
        StringBuilder tried = new StringBuilder(first.describe(key.in(), key.out()) + ": " + fmt(firstError));
        for (Route r : candidates) {
            double e = error(r, key);
            if (e <= TOLERANCE) {
                LOG.info("convolution {}: {} is wrong (relative error {}); computing it with {} (verified)",
                        key, first.describe(key.in(), key.out()), fmt(firstError), r.describe(key.in(), key.out()));
                return r;
            }
            tried.append(", ").append(r.describe(key.in(), key.out())).append(": ").append(fmt(e));
        }
        throw new IllegalStateException("convolution " + key + " is computed wrong by " + Engine.getInstance().getEngineName()
                + " " + Engine.getInstance().getVersion() + " on every route (relative errors: " + tried
                + "); refusing to compute wrong results. See docs/architecture.md (native traps).");
    }

    /** Channel counts the affected kernels were measured right on: input ≤ 16 or a multiple of 32, output 16 or 32k. */
    static Route aligned(Key key) {
        int in = key.in() <= 16 ? 1 : 32;
        int out = key.out() <= 16 ? 16 : 32;
        return roundUp(key.in(), in) == key.in() && roundUp(key.out(), out) == key.out() ? Route.NATIVE : Route.padded(in, out);
    }

    /** Zero-paddings that change the shape, cheapest (fewest multiply-adds) first, one per padded shape. */
    static List<Route> paddings(Key key) {
        List<Route> routes = new ArrayList<>();
        Set<Long> shapes = new HashSet<>();
        shapes.add((long) key.in() << 32 | key.out());
        for (int a : PAD_MULTIPLES) {
            for (int b : PAD_MULTIPLES) {
                if (shapes.add(roundUp(key.in(), a) << 32 | roundUp(key.out(), b))) {
                    routes.add(Route.padded(a, b));
                }
            }
        }
        routes.sort(Comparator.comparingLong(r -> roundUp(key.in(), r.inMultiple()) * roundUp(key.out(), r.outMultiple())));
        return routes;
    }

    /** Whether this device's native kernels get any probe shape wrong (probed once per JVM, with a log line). */
    static boolean affected(Device device) {
        return AFFECTED.computeIfAbsent(device, d -> {
            List<String> wrong = new ArrayList<>();
            for (int[] p : PROBES) {
                Key k = new Key(d, p[0], p[1], 3, p[2], 8, 8, true);
                double e = error(Route.NATIVE, k);
                if (e > TOLERANCE) {
                    wrong.add(k.in() + "→" + k.out() + " 3×3 stride " + k.stride() + ": " + fmt(e));
                }
            }
            String engine = Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion();
            if (wrong.isEmpty()) {
                LOG.debug("convolution self-check: {} on {} computes all {} probe shapes right", engine, d, PROBES.length);
                return false;
            }
            LOG.warn("convolution self-check: {} on {} computes {} of {} probe convolutions wrong ({}); 3×3 convolutions "
                    + "run with aligned (zero-padded) channel counts, and every shape is verified against a reference on "
                    + "first use (docs/architecture.md, native traps)", engine, d, wrong.size(), PROBES.length,
                    String.join("; ", wrong));
            return true;
        });
    }

    static NDArray apply(Route route, NDArray x, NDArray weight, int stride) {
        return switch (route.kind()) {
            case NATIVE -> nativeConv(x, weight, stride);
            case PADDED -> padded(x, weight, stride, route.inMultiple(), route.outMultiple());
            case GEMM -> im2col(x, weight, stride);
        };
    }

    private static NDArray nativeConv(NDArray x, NDArray weight, int stride) {
        long pad = weight.getShape().get(2) / 2;
        return Conv2d.conv2d(x, weight, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** Zero input channels meet zero weight columns, zero weight rows give output channels that are sliced off. */
    private static NDArray padded(NDArray x, NDArray weight, int stride, int inMultiple, int outMultiple) {
        long in = x.getShape().get(1);
        long out = weight.getShape().get(0);
        long extraIn = roundUp(in, inMultiple) - in;
        long extraOut = roundUp(out, outMultiple) - out;
        NDArray xp = extraIn == 0 ? x : x.pad(new Shape(0, 0, 0, 0, 0, extraIn), 0);
        NDArray wp = weight.pad(new Shape(0, 0, 0, 0, 0, extraIn, 0, extraOut), 0);
        NDArray y = nativeConv(xp, wp, stride);
        return extraOut == 0 ? y : y.get(new NDIndex(":, 0:" + out));
    }

    /** The convolution as one matrix product over the k×k shifted copies of the zero-bordered input. */
    private static NDArray im2col(NDArray x, NDArray weight, int stride) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        long n = xs.get(0);
        long c = xs.get(1);
        int k = (int) ws.get(2);
        int pad = k / 2;
        long ho = (xs.get(2) + 2L * pad - k) / stride + 1;
        long wo = (xs.get(3) + 2L * pad - k) / stride + 1;
        NDArray xp = pad == 0 ? x : x.pad(new Shape(pad, pad, pad, pad), 0);
        NDList shifts = new NDList();
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                shifts.add(xp.get(new NDIndex(":, :, " + u + ":" + (u + (ho - 1) * stride + 1) + ":" + stride + ", "
                        + v + ":" + (v + (wo - 1) * stride + 1) + ":" + stride)));
            }
        }
        // [n, c, k·k, ho, wo] → [n, c·k·k, ho·wo]: column c·k·k + u·k + v matches the weight's [out, c, k, k] order
        NDArray cols = NDArrays.stack(shifts, 2).reshape(n, c * k * k, ho * wo);
        NDArray y = weight.reshape(ws.get(0), c * k * k).matMul(cols);
        return y.reshape(n, ws.get(0), ho, wo);
    }

    private static long roundUp(long v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Worst relative error of a route's forward, input gradient and weight gradient over {@link #REPEATS} random draws. */
    static double error(Route route, Key key) {
        double worst = 0;
        for (int rep = 0; rep < REPEATS && worst <= TOLERANCE; rep++) {
            worst = Math.max(worst, error(route, key, rep));
        }
        return worst;
    }

    private static double error(Route route, Key key, int rep) {
        int n = 2;
        ReferenceConvolution ref = new ReferenceConvolution(n, key.in(), key.out(), key.height(), key.width(),
                key.kernel(), key.stride());
        Random random = new Random(31L * (31L * key.hashCode() + route.hashCode()) + rep);
        float[] x = gaussian(random, n * key.in() * key.height() * key.width(), 1);
        float[] w = gaussian(random, key.out() * key.in() * key.kernel() * key.kernel(),
                1 / Math.sqrt(key.in() * key.kernel() * key.kernel()));
        float[] g = gaussian(random, n * key.out() * ref.outHeight() * ref.outWidth(), 1);
        ReferenceConvolution.Result expected = ref.run(x, w, g);
        try (NDManager m = NDManager.newBaseManager(key.device())) {
            NDArray xs = m.create(x, new Shape(n, key.in(), key.height(), key.width()));
            NDArray ws = m.create(w, new Shape(key.out(), key.in(), key.kernel(), key.kernel()));
            NDArray gs = m.create(g, new Shape(n, key.out(), ref.outHeight(), ref.outWidth()));
            boolean autograd = xs instanceof PtNDArray;
            boolean gradMode = autograd && JniUtils.isGradMode();
            try {
                if (autograd) {
                    // our own graph on fresh leaves: runs inside or outside a training step's GradientCollector
                    JniUtils.setGradMode(true);
                    xs.setRequiresGradient(key.inputGradient());
                    ws.setRequiresGradient(true);
                }
                NDArray y = apply(route, xs, ws, key.stride());
                double e = ReferenceConvolution.relativeError(y.toType(DataType.FLOAT32, false).toFloatArray(), expected.output());
                if (autograd) {
                    NDArray loss = y.mul(gs).sum();
                    JniUtils.backward((PtNDArray) loss, (PtNDArray) m.ones(loss.getShape()), false, false);
                    if (key.inputGradient()) {
                        e = Math.max(e, ReferenceConvolution.relativeError(xs.getGradient().toFloatArray(), expected.inputGradient()));
                    }
                    e = Math.max(e, ReferenceConvolution.relativeError(ws.getGradient().toFloatArray(), expected.weightGradient()));
                }
                return e;
            } finally {
                if (autograd) {
                    JniUtils.setGradMode(gradMode);
                }
            }
        }
    }

    private static float[] gaussian(Random random, int size, double scale) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (random.nextGaussian() * scale);
        }
        return a;
    }

    private static String fmt(double e) {
        return String.format(Locale.ROOT, "%.2g", e);
    }
}
