package org.sdrnet.pretrain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Off a terminal, progress is a line every 5 % of the steps, never a carriage return. */
class ProgressListenerTest {
    @Test
    void aLogGetsOneLineEveryFivePercentAndOneAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener p = new ProgressListener(false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.onStart(new TrainingListener.RunStart("unified", 0, 1003, 1003, 100));
        for (long s = 1; s <= 1003; s++) {
            Map<String, Object> record = s % 10 == 0 ? Map.of("step", s) : Map.of();
            p.onStep(new TrainingListener.StepEnd(s, s % 100 == 0, s == 1003, record, -0.5f, 300));
        }
        p.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), "no carriage returns in a log");
        String[] lines = out.split("\n");
        assertEquals(20, lines.length, out); // 5 %, 10 %, …, 95 %, then 100 % at the last step
        assertTrue(lines[0].startsWith("unified:   5% (51/1003 steps), loss -0.5000, 300 img/s"), lines[0]);
        assertTrue(lines[lines.length - 1].startsWith("unified: 100% (1003/1003 steps)"), lines[lines.length - 1]);
    }

    @Test
    void aResumedRunCountsFromWhereItResumed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener p = new ProgressListener(false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.onStart(new TrainingListener.RunStart("sdr level 2", 500, 1000, 1000, 100));
        for (long s = 501; s <= 1000; s++) {
            p.onStep(new TrainingListener.StepEnd(s, s % 100 == 0, s == 1000, Map.of(), Float.NaN, 300));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(10, lines.length);
        assertTrue(lines[0].startsWith("sdr level 2:  55% (550/1000 steps)"), lines[0]);
    }
}
