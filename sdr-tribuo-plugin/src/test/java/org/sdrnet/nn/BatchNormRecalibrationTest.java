package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.Normalization;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNorm recalibration: running statistics become those of the images, and nothing learned changes. */
class BatchNormRecalibrationTest {
    private static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});

    private static ImageSet images(int n, long seed, int offset) {
        byte[] px = new byte[n * 3 * 32 * 32];
        Random r = new Random(seed);
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.min(255, offset + r.nextInt(128));
        }
        return ImageSet.unlabeled("synthetic", 3, 32, px);
    }

    @Test
    void theStemStatisticsBecomeThoseOfTheImagesAndLearnedWeightsStay() {
        Backbone before = Backbone.randomInit(NET, 3);
        ImageSet x = images(100, 1, 60);
        Backbone after = BatchNormRecalibration.recalibrate(before, x, Device.cpu(), 7);
        // the stem convolution's output over all 100 images (one batch: every update sees the same statistics)
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray in = m.create(BatchTensors.plain(x, java.util.stream.IntStream.range(0, 100).toArray(), Normalization.DEFAULT),
                    new Shape(100, 3, 32, 32));
            NDArray y = Layers.conv(in, before.weights().get(ResNetNames.STEM + ".conv.weight").toNDArray(m), 1);
            NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(8, -1);
            float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
            long count = perChannel.getShape().get(1);
            float[] unbiasedVar = perChannel.sub(perChannel.mean(new int[] {1}, true)).pow(2).sum(new int[] {1})
                    .div(count - 1).toFloatArray();
            float[] runningMean = after.weights().get(ResNetNames.STEM + ".bn.runningMean").values();
            float[] runningVar = after.weights().get(ResNetNames.STEM + ".bn.runningVar").values();
            for (int c = 0; c < 8; c++) {
                assertEquals(mean[c], runningMean[c], 0.005 * Math.abs(mean[c]) + 1e-4, "running mean of channel " + c);
                assertEquals(unbiasedVar[c], runningVar[c], 0.005 * unbiasedVar[c] + 1e-5, "running variance of channel " + c);
            }
        }
        for (String k : before.weights().keySet()) {
            if (!k.endsWith(".runningMean") && !k.endsWith(".runningVar")) {
                assertArrayEquals(before.weights().get(k).values(), after.weights().get(k).values(), k + " is learned: unchanged");
            }
        }
        assertTrue(after.provenance().get("bnRecalibration").contains("100 images"), after.provenance().toString());
        // other images give other statistics; the same images and seed give the same ones
        Backbone brighter = BatchNormRecalibration.recalibrate(before, images(100, 1, 120), Device.cpu(), 7);
        String key = "stage4.block0.bn2.runningMean";
        assertFalse(java.util.Arrays.equals(after.weights().get(key).values(), brighter.weights().get(key).values()));
        assertArrayEquals(after.weights().get(key).values(),
                BatchNormRecalibration.recalibrate(before, x, Device.cpu(), 7).weights().get(key).values());
    }

    @Test
    void badImagesAreRefusedNamingThem() {
        Backbone b = Backbone.randomInit(NET, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchNormRecalibration.recalibrate(b,
                ImageSet.unlabeled("empty pool", 3, 32, new byte[0]), Device.cpu(), 1));
        assertTrue(e.getMessage().contains("'empty pool'") && e.getMessage().contains("no images"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatchNormRecalibration.recalibrate(b,
                ImageSet.unlabeled("small pics", 3, 16, new byte[3 * 16 * 16]), Device.cpu(), 1));
        assertTrue(e.getMessage().contains("16 px") && e.getMessage().contains("expects 32 px"), e.getMessage());
    }
}
