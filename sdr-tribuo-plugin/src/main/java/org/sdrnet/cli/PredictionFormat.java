package org.sdrnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.sdrnet.io.Json;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code sdr predict} writes its lines: CSV (a header, then {@code path,label,score,error}) or JSON Lines (one
 * object per image: {@code path}, {@code label}, {@code score}, or {@code path}, {@code error}). Scores are written
 * so that they read back as the same double.
 */
enum PredictionFormat {
    CSV, JSONL;

    /** One image's outcome: a label and its score, or the reason it could not be read. */
    record Row(String path, String label, double score, String error) {
        static Row predicted(String path, String label, double score) {
            return new Row(path, label, score, null);
        }

        static Row failed(String path, String error) {
            return new Row(path, null, Double.NaN, error);
        }
    }

    /** All rows as text, one line each (CSV with its header). */
    String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        if (this == CSV) {
            out.append("path,label,score,error\n");
        }
        for (Row r : rows) {
            out.append(this == CSV ? csv(r) : json(r)).append('\n');
        }
        return out.toString();
    }

    private static String csv(Row r) {
        return r.error() == null
                ? String.join(",", quote(r.path()), quote(r.label()), Double.toString(r.score()), "")
                : String.join(",", quote(r.path()), "", "", quote(r.error()));
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    private static String json(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", r.path());
        if (r.error() == null) {
            m.put("label", r.label());
            m.put("score", r.score());
        } else {
            m.put("error", r.error());
        }
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a prediction of " + r.path() + " as JSON", e);
        }
    }
}
