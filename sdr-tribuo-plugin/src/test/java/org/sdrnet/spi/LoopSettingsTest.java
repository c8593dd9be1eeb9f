package org.sdrnet.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trajectory that cannot train is refused before any work; run control is apart from what a resume must match. */
class LoopSettingsTest {
    @Test
    void nonFiniteLearningRatesAndDecaysAreRefused() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 0f, -0.1f}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoopSettings.defaults().withBaseLr(bad));
            assertTrue(e.getMessage().contains("lr " + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LoopSettings.defaults().withMaxGradNorm(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> LoopSettings.defaults().withLogEvery(0));
    }

    @Test
    void runControlChangesLeaveTheTrajectoryAlone() {
        LoopSettings a = LoopSettings.defaults();
        LoopSettings b = a.withLogEvery(1).withCheckpointEvery(7).withProgress(false).withStopAfterStep(3);
        assertEquals(a.trajectory(), b.trajectory());
        assertEquals(a.trajectory().asMap(), b.trajectory().asMap());
        assertTrue(!a.control().equals(b.control()));
        assertEquals(7, b.checkpointEvery());
    }
}
