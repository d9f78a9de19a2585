package io.smolforge.template.prepare;

/** TRL's {@code truncation_mode}: which end of an over-long sequence survives (unpacked rows only). */
public enum TruncationMode {
    KEEP_START, KEEP_END;

    public static TruncationMode parse(String value) {
        return switch (value) {
            case "keep_start" -> KEEP_START;
            case "keep_end" -> KEEP_END;
            default -> throw new IllegalArgumentException(
                    "truncation_mode must be 'keep_start' or 'keep_end', got '" + value + "'");
        };
    }
}
