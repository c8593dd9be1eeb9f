package org.sdrnet.pretrain.simsiam;

import org.junit.jupiter.api.Test;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewOptionsTest {

    @Test
    void minCropScaleSetsTheCropOfBothViewsAndDefaultsToSimSiams() {
        assertEquals(0.2, ViewOptions.augmenter(Map.of()).firstView().cropScaleMin(), 1e-12);
        var a = ViewOptions.augmenter(Map.of(ViewOptions.MIN_CROP_SCALE, "0.5"));
        assertEquals(0.5, a.firstView().cropScaleMin(), 1e-12);
        assertEquals(0.5, a.secondView().cropScaleMin(), 1e-12);
        assertEquals(1.0, a.firstView().cropScaleMax(), 1e-12);
    }

    @Test
    void flipAndBlurSetTheirProbabilitiesAndZeroTurnsThemOff() {
        var a = ViewOptions.augmenter(Map.of(ViewOptions.FLIP, "0", ViewOptions.BLUR, "0.25"));
        assertEquals(0.0, a.firstView().flipProbability(), 0);
        assertEquals(0.0, a.secondView().flipProbability(), 0);
        assertEquals(0.25, a.firstView().blurProbability(), 0);
        assertEquals(0.2, a.firstView().cropScaleMin(), 1e-12);
        assertEquals(0.5, ViewOptions.augmenter(Map.of()).firstView().flipProbability(), 0);
        var strong = ViewOptions.augmenter(Map.of(ViewOptions.JITTER, "1", ViewOptions.GRAYSCALE, "0.5")).firstView();
        assertEquals(0.8, strong.brightness(), 1e-12);
        assertEquals(0.2, strong.hue(), 1e-12);
        assertEquals(0.5, strong.grayscaleProbability(), 0);
        var simsiam = ViewOptions.augmenter(Map.of(ViewOptions.JITTER, "0.5")).firstView();
        assertEquals(ViewOptions.augmenter(Map.of()).firstView().toString(), simsiam.toString(), "S = 0.5 is SimSiam's jitter");
        for (String bad : new String[] {"-0.1", "1.01", "x", "NaN"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ViewOptions.augmenter(Map.of(ViewOptions.FLIP, bad)));
            assertTrue(e.getMessage().contains("flip"), e.getMessage());
        }
    }

    @Test
    void badValuesNameTheOption() {
        for (String bad : new String[] {"abc", "0", "1.5", "-0.1", "NaN"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ViewOptions.augmenter(Map.of(ViewOptions.MIN_CROP_SCALE, bad)));
            assertTrue(e.getMessage().contains("minCropScale"), e.getMessage());
        }
    }

    @Test
    void unifiedAndSdrAcceptTheOptionAndRejectUnknownOnes() {
        for (PretrainMethod m : new PretrainMethod[] {new UnifiedMethod(), new SdrMethod()}) {
            assertTrue(m.options().keySet().containsAll(java.util.List.of(ViewOptions.MIN_CROP_SCALE, ViewOptions.FLIP, ViewOptions.BLUR)), m.name());
            ImageSet pool = ImageSet.unlabeled("p", 1, 32, new byte[4 * 32 * 32]);
            var r = new PretrainMethod.Request(pool, ResNetSpec.tiny(), LoopSettings.defaults(), Path.of("unused"), false,
                    ai.djl.Device.cpu(), Map.of("cropScale", "0.5"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.checkOptions(r));
            assertTrue(e.getMessage().contains("no option 'cropScale'") && e.getMessage().contains("minCropScale"), e.getMessage());
        }
    }
}
