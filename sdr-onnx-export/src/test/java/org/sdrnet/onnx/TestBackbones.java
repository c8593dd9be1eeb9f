package org.sdrnet.onnx;

import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.VitSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Backbones and images for the export tests, all deterministic for a seed. */
final class TestBackbones {
    private TestBackbones() {
    }

    /** Two residual blocks per stage (so units with identity shortcuts inside every stage), narrow to stay fast. */
    static ResNetSpec twoBlocks() {
        return new ResNetSpec("two-blocks", 3, 32, new int[] {8, 16, 24, 32}, new int[] {2, 2, 2, 2}, new int[] {1, 2, 2, 2});
    }

    static ResNetSpec spec(String name) {
        return name.equals("two-blocks") ? twoBlocks() : ResNetSpec.preset(name);
    }

    /**
     * A random-init backbone whose BatchNorms are not the identity: a fresh network has γ=1, β=0, μ=0, σ²=1, under
     * which a wrong BN (or a wrong fold) would go unnoticed.
     */
    static Backbone randomWithBatchNorm(ResNetSpec spec, long seed) {
        Backbone b = Backbone.randomInit(spec, seed);
        Random r = new Random(seed);
        Map<String, HostTensor> w = new LinkedHashMap<>();
        b.weights().forEach((name, t) -> {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                if (name.endsWith(".gamma")) {
                    v[i] = 0.5f + r.nextFloat();
                } else if (name.endsWith(".beta") || name.endsWith(".runningMean")) {
                    v[i] = (float) (0.2 * r.nextGaussian());
                } else if (name.endsWith(".runningVar")) {
                    v[i] = 0.5f + 1.5f * r.nextFloat();
                }
            }
            w.put(name, new HostTensor(t.shape(), v));
        });
        return new Backbone(spec, w, b.provenance());
    }

    /**
     * A random-init Vision Transformer whose LayerNorms and biases are not the identity and zero they start as (under
     * which a wrong γ, β or bias would go unnoticed).
     */
    static Backbone randomVit(VitSpec spec, long seed) {
        Backbone b = Backbone.randomInit(spec, seed);
        Random r = new Random(seed);
        Map<String, HostTensor> w = new LinkedHashMap<>();
        b.weights().forEach((name, t) -> {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                if (name.endsWith(".gamma")) {
                    v[i] = 0.5f + r.nextFloat();
                } else if (name.endsWith(".beta") || name.endsWith(".bias")) {
                    v[i] = (float) (0.2 * r.nextGaussian());
                }
            }
            w.put(name, new HostTensor(t.shape(), v));
        });
        return new Backbone(spec, w, b.provenance());
    }

    /** A copy of {@code b} with one weight changed by {@code delta} at index 0. */
    static Backbone tampered(Backbone b, String name, float delta) {
        Map<String, HostTensor> w = new LinkedHashMap<>(b.weights());
        HostTensor t = w.get(name);
        float[] v = t.values().clone();
        v[0] += delta;
        w.put(name, new HostTensor(t.shape(), v));
        return new Backbone(b.spec(), w, b.provenance());
    }

    /** {@code n} random RGB images of {@code size} px. */
    static ImageSet randomImages(int n, int size, long seed) {
        byte[] px = new byte[n * 3 * size * size];
        new Random(seed).nextBytes(px);
        return ImageSet.unlabeled("random-" + seed, 3, size, px);
    }
}
