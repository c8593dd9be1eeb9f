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

    /** What a listener off a terminal prints for {@code run}, every tenth step logged with loss −0.5. */
    private static String log(TrainingListener.RunStart run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressListener p = new ProgressListener(false, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            p.onStart(run);
            for (long s = run.startStep() + 1; s <= run.endStep(); s++) {
                Map<String, Object> record = s % 10 == 0 ? Map.of("step", s) : Map.of();
                p.onStep(new TrainingListener.StepEnd(s, s % run.stepsPerEpoch() == 0, s == run.endStep(), record, -0.5f, 300));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLogGetsOneLineEveryFivePercentAndOneAtTheEnd() {
        String out = log(new TrainingListener.RunStart("unified", 0, 1003, 1003, 100));
        assertFalse(out.contains("\r"), "no carriage returns in a log");
        String[] lines = out.split("\n");
        assertEquals(20, lines.length, out); // 5 %, 10 %, …, 95 %, then 100 % at the last step
        assertTrue(lines[0].startsWith("unified:   5% (51/1003 steps), loss -0.5000, 300 img/s"), lines[0]);
        assertTrue(lines[lines.length - 1].startsWith("unified: 100% (1003/1003 steps)"), lines[lines.length - 1]);
    }

    @Test
    void beforeTheFirstLoggedStepTheLineSaysSoInsteadOfPrintingNaN() {
        // 40 steps, logged every 10th: the 5 % line (step 2) comes before any loss was read from the device
        String out = log(new TrainingListener.RunStart("sdr level 1", 0, 40, 40, 4));
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("sdr level 1:   5% (2/40 steps), loss not logged yet,"), lines[0]);
        assertFalse(out.contains("NaN"), out);
        assertTrue(lines[lines.length - 1].contains("loss -0.5000"), lines[lines.length - 1]);
    }

    @Test
    void aResumedRunCountsFromWhereItResumed() {
        String[] lines = log(new TrainingListener.RunStart("sdr level 2", 500, 1000, 1000, 100)).split("\n");
        assertEquals(10, lines.length);
        assertTrue(lines[0].startsWith("sdr level 2:  55% (550/1000 steps)"), lines[0]);
    }
}
