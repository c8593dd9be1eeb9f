package org.sdrnet.it.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {
    @Test
    void cpuModelIsTheFirstModelNameOrUnknown(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\nmodel name\t: Some CPU 9000\nprocessor\t: 1\nmodel name\t: Other\n");
        assertEquals("Some CPU 9000", Provenance.cpuModel(f));
        assertEquals(Provenance.UNKNOWN, Provenance.cpuModel(dir.resolve("missing")));
    }

    @Test
    void collectsCodeMachineAndJvm() {
        Map<String, Object> p = Provenance.collect();
        assertTrue(p.containsKey("gitCommit"));
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) p.get("machine");
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.get("cores"));
        assertTrue(p.containsKey("java"));
    }
}
