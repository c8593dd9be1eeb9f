package org.sdrnet.it.bench.harness;

import org.junit.jupiter.api.Test;
import org.sdrnet.data.catalog.Preset;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetTest {
    @Test
    void cpuSmallIsTheTwoCoreHourBudget() {
        Budget b = Budget.named("cpu-small");
        assertEquals("tiny", b.backbone());
        assertEquals(Preset.SMALL, b.preset());
        assertEquals(5 * 2_000, 5 * b.poolPerDomain());
        assertEquals(12, b.loop(42).epochs());
        assertEquals(64, b.loop(42).batchSize());
        assertEquals(42L, b.loop(42).seed());
    }

    @Test
    void fullIsTheGpuBudget() {
        Budget b = Budget.named("full");
        assertEquals("small", b.backbone());
        assertEquals(Preset.FULL, b.preset());
        assertEquals(100, b.epochs());
    }

    @Test
    void unknownNamesListTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budget.named("cpu-large"));
        assertTrue(e.getMessage().contains("'cpu-large'") && e.getMessage().contains("cpu-small, full, smoke"), e.getMessage());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Experiment.named("sdr-vs-tec"));
        assertTrue(x.getMessage().contains("'sdr-vs-tec'") && x.getMessage().contains("sdr-vs-unified"), x.getMessage());
    }

    @Test
    void aBudgetRestrictsTasksOnlyToTasksOfTheExperiment() {
        List<String> all = Experiment.SDR_VS_UNIFIED.tasks();
        assertEquals(all, Budget.CPU_SMALL.restrict(all));
        assertEquals(List.of("D1", "D5"), Budget.SMOKE.restrict(all));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budget.SMOKE.restrict(List.of("D2")));
        assertTrue(e.getMessage().contains("D1"), e.getMessage());
    }

    @Test
    void inconsistentNumbersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Budget("x", "", "tiny", Preset.TINY, 500, 1, 64, 0.8f, List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> new Budget("x", "", "tiny", Preset.TINY, 32, 1, 64, 0.8f, List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> new Budget("x", "", "huge", Preset.TINY, 100, 1, 64, 0.8f, List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> new Budget("x", "", "tiny", Preset.TINY, 100, 0, 64, 0.8f, List.of(), false));
    }
}
