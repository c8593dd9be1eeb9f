package org.sdrnet.it.bench.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedStatsTest {
    @Test
    void threeSeedsGiveStudentsInterval() {
        SeedStats s = SeedStats.of(0.70, 0.72, 0.74);
        assertEquals(0.72, s.mean(), 1e-12);
        assertEquals(0.02, s.sd(), 1e-12);
        // t(2, 0.975) = 4.303; 4.303 · 0.02 / √3
        assertEquals(4.303 * 0.02 / Math.sqrt(3), s.halfWidth(), 1e-12);
        assertEquals("72.0 ± 2.0", s.meanSd());
        assertEquals("+72.0 [+67.0, +77.0]", s.meanInterval());
        assertEquals("0.72 ± 0.02", s.meanSdPlain(), "log-odds are printed as they are, not as points");
        assertEquals("+0.72 [+0.67, +0.77]", s.meanIntervalPlain());
    }

    @Test
    void oneSeedHasNoInterval() {
        SeedStats s = SeedStats.of(0.01);
        assertTrue(Double.isInfinite(s.halfWidth()));
        assertEquals("+1.0 [one seed]", s.meanInterval());
        assertEquals("+0.01 [one seed]", s.meanIntervalPlain());
    }

    @Test
    void largeSamplesUseTheNormalQuantile() {
        assertEquals(1.96, SeedStats.t975(100), 0);
        assertEquals(2.042, SeedStats.t975(30), 0);
    }
}
