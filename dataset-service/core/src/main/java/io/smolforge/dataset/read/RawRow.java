package io.smolforge.dataset.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.smolforge.dataset.RowRejectedException;

/**
 * One row as a reader found it: either a parsed JSON object or the problem that kept it from being one.
 *
 * @param row     1-based row number within the source
 * @param line    1-based line where the row starts, or -1 where lines mean nothing (Parquet)
 * @param value   the row as a JSON object, null when {@code problem} is set
 * @param rawText the row's text as read (JSONL line), or null to serialise {@code value} when it is needed
 * @param problem why the row could not be read, or null
 */
public record RawRow(long row, long line, JsonNode value, String rawText, RowRejectedException problem) {

    public static RawRow of(long row, long line, JsonNode value, String rawText) {
        return new RawRow(row, line, value, rawText, null);
    }

    public static RawRow failed(long row, long line, String rawText, RowRejectedException problem) {
        return new RawRow(row, line, null, rawText, problem);
    }

    public boolean isFailed() {
        return problem != null;
    }
}
