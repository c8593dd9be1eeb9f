package org.sdrnet.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ServiceLoader discovery of the three extension points, including a provider that only the test class path lists. */
class ServicesTest {

    @Test
    void findsBuiltInProvidersByName() {
        assertEquals(List.of("dspnet", "mae", "sdr", "tec", "trex", "unified"), Services.all(PretrainMethod.class).stream().map(Named::name).toList());
        assertTrue(Services.all(TransferScore.class).stream().map(Named::name).toList().containsAll(List.of("knn", "linear", "logme")));
        assertEquals("unified", Services.find(PretrainMethod.class, " Unified ").name());
    }

    @Test
    void findsAUserProviderRegisteredOnTheClassPath() {
        TransferScore s = Services.find(TransferScore.class, "constant-test");
        assertEquals(ConstantScore.class, s.getClass());
        assertEquals(0.5, s.score(new float[][] {{1f}}, new int[] {0}, 1, 1L));
    }

    @Test
    void unknownNamesListWhatIsAvailable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Services.find(TransferScore.class, "nope"));
        assertTrue(e.getMessage().startsWith("unknown TransferScore 'nope'; available: "), e.getMessage());
        assertTrue(e.getMessage().contains("constant-test") && e.getMessage().contains("knn"), e.getMessage());
        // the onnx exporter lives in another module: from the plugin alone none is registered, and the error says so
        e = assertThrows(IllegalArgumentException.class, () -> Services.find(BackboneExporter.class, "onnx"));
        assertTrue(e.getMessage().contains("(none registered)"), e.getMessage());
    }
}
