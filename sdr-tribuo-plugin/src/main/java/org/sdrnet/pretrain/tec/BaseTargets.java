package org.sdrnet.pretrain.tec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.sdrnet.nn.Layers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * TEC's targets from the frozen base's outputs on the full image (Gao et al. 2022, §3): pure functions over arrays.
 * <ul>
 *   <li>feature target: the mean of the last few block outputs' patch tokens (before the final norm), normalised per
 *       channel over the tokens of each image;</li>
 *   <li>relation target: the last block's pre-softmax attention logits, rows of the {@code k} patches the CLS token
 *       attends to most (its attention averaged over heads), optionally with the CLS row first, over the patch keys.</li>
 * </ul>
 */
public final class BaseTargets {
    /** Added to the per-channel variance before the square root (the official code's 1e-6). */
    public static final float NORM_EPS = 1e-6f;

    /**
     * The relation target of a batch.
     *
     * @param logits  [B, heads, R, N]: per head, the logits of each selected query row over the N patch keys
     * @param patches per image, the selected patch indices (0-based among the patches), most attended first [B][k]
     * @param rows    per image, the token rows selected (CLS = 0, patch i = 1 + i), in the order of {@code logits} [B][R]
     */
    public record Relation(NDArray logits, int[][] patches, int[][] rows) {
        /** {@link #rows} as indices into a [B·T, ·] flattening of tokens, T = {@code tokens} per image. */
        public long[] flatRows(int tokens) {
            long[] out = new long[rows.length * rows[0].length];
            int i = 0;
            for (int b = 0; b < rows.length; b++) {
                for (int r : rows[b]) {
                    out[i++] = (long) b * tokens + r;
                }
            }
            return out;
        }
    }

    private BaseTargets() {
    }

    /**
     * The feature target [B, N, C]: the mean of the last {@code layers} of {@code blockOutputs} (each [B, 1+N, C], CLS
     * first), without the CLS token, {@link #normalizeOverTokens normalised}.
     */
    public static NDArray features(List<NDArray> blockOutputs, int layers) {
        if (layers < 1 || layers > blockOutputs.size()) {
            throw new IllegalArgumentException("the feature target needs 1 to " + blockOutputs.size() + " layers, got " + layers);
        }
        NDArray sum = null;
        for (NDArray o : blockOutputs.subList(blockOutputs.size() - layers, blockOutputs.size())) {
            NDArray patches = o.get(":, 1:");
            sum = sum == null ? patches : sum.add(patches);
        }
        return normalizeOverTokens(Layers.scaled(sum, 1f / layers));
    }

    /**
     * Each channel of each image standardised over the tokens: {@code (x − mean) / √(var + ε)} along axis 1 of
     * {@code x} [B, N, C], with the unbiased variance (divided by N − 1, as the official code's {@code var}) and
     * ε = {@value #NORM_EPS}.
     */
    public static NDArray normalizeOverTokens(NDArray x) {
        long n = x.getShape().get(1);
        if (n < 2) {
            throw new IllegalArgumentException("normalising over tokens needs at least 2 tokens, got " + n);
        }
        NDArray centred = x.sub(x.mean(new int[] {1}, true));
        NDArray var = Layers.scaled(centred.square().sum(new int[] {1}, true), 1f / (n - 1));
        return centred.div(var.add(var.getManager().create(NORM_EPS)).sqrt());
    }

    /**
     * The relation target from the last block's logits {@code logits} [B, H, T, T] (T = 1 + N, CLS first): the
     * {@code k} patches with the largest CLS attention averaged over the heads (softmax per head, then the mean; ties go
     * to the lower patch index), their rows (after the CLS row when {@code withCls}) over the patch keys.
     */
    public static Relation relation(NDArray logits, int k, boolean withCls) {
        Shape s = logits.getShape();
        int b = (int) s.get(0);
        int t = (int) s.get(2);
        int n = t - 1;
        if (k > n) {
            throw new IllegalArgumentException("the relation target keeps " + k + " patches, but the image has only " + n);
        }
        float[] clsAttention = logits.softmax(-1).get(":, :, 0, 1:").mean(new int[] {1}).toFloatArray(); // [B, N]
        int[][] patches = new int[b][];
        int[][] rows = new int[b][];
        for (int i = 0; i < b; i++) {
            patches[i] = topK(Arrays.copyOfRange(clsAttention, i * n, (i + 1) * n), k);
            int first = withCls ? 1 : 0;
            rows[i] = new int[k + first];
            for (int j = 0; j < k; j++) {
                rows[i][first + j] = 1 + patches[i][j];
            }
        }
        Relation r = new Relation(null, patches, rows);
        return new Relation(selectRows(logits.get(":, :, :, 1:"), r.flatRows(t)), patches, rows);
    }

    /**
     * Rows of {@code perHead} [B, H, T, K] (per head, T query rows over K keys) at {@code flatRows} (indices into B·T, R
     * per image, as {@link Relation#flatRows}): [B, H, R, K].
     */
    public static NDArray selectRows(NDArray perHead, long[] flatRows) {
        Shape s = perHead.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long t = s.get(2);
        long keys = s.get(3);
        long r = flatRows.length / b;
        NDManager m = perHead.getManager();
        NDArray byRow = perHead.transpose(0, 2, 1, 3).reshape(b * t, h * keys);
        return byRow.get(new NDIndex("{}", m.create(flatRows))).reshape(b, r, h, keys).transpose(0, 2, 1, 3);
    }

    /** The indices of the {@code k} largest values, largest first; equal values in increasing index order. */
    static int[] topK(float[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
