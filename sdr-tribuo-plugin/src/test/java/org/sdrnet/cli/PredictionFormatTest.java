package org.sdrnet.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two line formats of {@code sdr predict}: quoting, error lines, scores that read back exactly. */
class PredictionFormatTest {
    private final List<PredictionFormat.Row> rows = List.of(
            PredictionFormat.Row.predicted("a,b/\"c\".png", "cat", 0.1 + 0.2),
            PredictionFormat.Row.failed("d.png", "d.png: not a readable image (unknown format)"));

    @Test
    void csvQuotesFieldsWithCommasOrQuotesAndLeavesTheOtherColumnsOfAnErrorEmpty() {
        assertEquals("""
                path,label,score,error
                "a,b/""c"".png",cat,0.30000000000000004,
                d.png,,,d.png: not a readable image (unknown format)
                """, PredictionFormat.CSV.render(rows));
    }

    @Test
    void jsonLinesHoldALabelAndScoreOrAnError() {
        assertEquals("""
                {"path":"a,b/\\"c\\".png","label":"cat","score":0.30000000000000004}
                {"path":"d.png","error":"d.png: not a readable image (unknown format)"}
                """, PredictionFormat.JSONL.render(rows));
    }
}
