package org.sdrnet.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlimmableSpecTest {
    private static final ResNetSpec ODD = new ResNetSpec("odd", 3, 32, new int[] {24, 40, 22, 10}, new int[] {1, 2, 1, 1},
            new int[] {1, 2, 2, 2});

    @Test
    void defaultsAreDspnetWidths() {
        SlimmableSpec s = SlimmableSpec.defaults(ResNetSpec.tiny());
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0}, s.multipliers());
        assertArrayEquals(new int[] {4, 8, 16, 32}, s.widthsAt(0.25));
        assertArrayEquals(new int[] {12, 24, 48, 96}, s.widthsAt(0.75));
        assertArrayEquals(ResNetSpec.tiny().widths(), s.widthsAt(1.0));
    }

    @Test
    void widthsAtRoundsUpAndKeepsAtLeastOneChannel() {
        SlimmableSpec s = new SlimmableSpec(ODD, new double[] {0.01, 0.25, 0.75, 1.0});
        // 0.25·24 = 6 exactly; 0.25·22 = 5.5 → 6; 0.25·10 = 2.5 → 3
        assertArrayEquals(new int[] {6, 10, 6, 3}, s.widthsAt(0.25));
        // 0.75·22 = 16.5 → 17; 0.75·10 = 7.5 → 8
        assertArrayEquals(new int[] {18, 30, 17, 8}, s.widthsAt(0.75));
        assertArrayEquals(new int[] {1, 1, 1, 1}, s.widthsAt(0.01));
        // 0.28·25 is 7.000000000000001 in binary: still 7 channels, not 8
        ResNetSpec b = new ResNetSpec("b", 3, 32, new int[] {25, 50}, new int[] {1, 1}, new int[] {1, 2});
        assertArrayEquals(new int[] {7, 14}, new SlimmableSpec(b, new double[] {0.28, 1.0}).widthsAt(0.28));
    }

    @Test
    void specAtIsThePlainNetworkOfThatWidth() {
        SlimmableSpec s = SlimmableSpec.defaults(ResNetSpec.tiny());
        ResNetSpec half = s.specAt(0.5);
        assertEquals("tiny-x0.5", half.name());
        assertArrayEquals(new int[] {8, 16, 32, 64}, half.widths());
        assertEquals(3, half.inChannels(), "input channels are never sliced");
        assertEquals(32, half.imageSize());
        assertArrayEquals(ResNetSpec.tiny().blocks(), half.blocks());
        assertArrayEquals(ResNetSpec.tiny().strides(), half.strides());
        assertEquals("tiny-x1", s.specAt(1.0).name());
        assertEquals("x0_25", SlimmableSpec.label(0.25));
        assertEquals("x1", SlimmableSpec.label(1.0));
    }

    @Test
    void badMultipliersAreRejectedNamingTheValue() {
        ResNetSpec tiny = ResNetSpec.tiny();
        assertMessage("no width multipliers", () -> new SlimmableSpec(tiny, new double[0]));
        assertMessage("1.5 is outside (0, 1]", () -> new SlimmableSpec(tiny, new double[] {0.5, 1.5}));
        assertMessage("0.0 is outside (0, 1]", () -> new SlimmableSpec(tiny, new double[] {0, 0.5, 1}));
        assertMessage("NaN is outside (0, 1]", () -> new SlimmableSpec(tiny, new double[] {Double.NaN, 1}));
        assertMessage("0.25 follows 0.5", () -> new SlimmableSpec(tiny, new double[] {0.5, 0.25, 1}));
        assertMessage("0.5 follows 0.5", () -> new SlimmableSpec(tiny, new double[] {0.5, 0.5, 1}));
        assertMessage("must contain 1.0", () -> new SlimmableSpec(tiny, new double[] {0.25, 0.5}));
        assertMessage("width 0.3 is not one of the multipliers [0.25, 0.5, 0.75, 1.0]",
                () -> SlimmableSpec.defaults(tiny).widthsAt(0.3));
    }

    @Test
    void aWidthThatWouldLoseAShortcutConvolutionIsRejected() {
        // stage 2 keeps the stride (1) but widens 6 → 7: a 1×1 shortcut; at 0.25 both stages have 2 channels
        ResNetSpec base = new ResNetSpec("b", 3, 32, new int[] {6, 7}, new int[] {1, 1}, new int[] {1, 1});
        assertMessage("width multiplier 0.25 gives [2, 2] channels, which removes the shortcut convolution of stage2.block0",
                () -> SlimmableSpec.defaults(base));
    }

    private static void assertMessage(String expected, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expected), x.getMessage());
    }
}
