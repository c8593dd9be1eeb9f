package org.sdrnet.it.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantTest {
    @Test
    void optionsForAllMethodsComeFirstAndAMethodsOwnOverrideThem() {
        Variant v = Variant.parse(List.of("all:minCropScale=0.5", "sdr:schedule=global", "sdr:minCropScale=0.4"), 0.01, true);
        assertEquals(Map.of("minCropScale", "0.5"), v.optionsFor("unified"));
        assertEquals(Map.of("minCropScale", "0.4", "schedule", "global"), v.optionsFor("sdr"));
        assertEquals(0.01, v.routingMargin());
        assertTrue(v.recalibrateBn());
    }

    @Test
    void aMalformedOptionIsNamed() {
        for (String bad : List.of("schedule=global", "sdr:schedule", "sdr:=1", "sdr:schedule=")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variant.parse(List.of(bad), 0, false));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("METHOD:KEY=VALUE"), e.getMessage());
        }
    }
}
