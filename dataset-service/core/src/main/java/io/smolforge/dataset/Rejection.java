package io.smolforge.dataset;

/**
 * One rejected row, as written to {@code rejected.jsonl.gz}.
 *
 * @param source the source's name (file name or object key)
 * @param row    1-based row number within the source (for CSV: data rows, header excluded)
 * @param line   1-based line number where the row starts, or -1 where lines mean nothing (Parquet)
 * @param field  JSON path of the offending field, or null
 * @param reason why
 * @param message what exactly, for a person
 * @param raw    the row as read (possibly cut short, see {@link #MAX_RAW_CHARS})
 */
public record Rejection(String source, long row, long line, String field, RejectReason reason, String message,
                        String raw) {
    /** Raw rows are cut to this length in reports so that a huge bad line cannot blow up the report. */
    public static final int MAX_RAW_CHARS = 16_384;

    public Rejection {
        if (raw != null && raw.length() > MAX_RAW_CHARS) {
            raw = raw.substring(0, MAX_RAW_CHARS) + "…[cut]";
        }
    }
}
