package io.smolforge.dataset;

/**
 * Thrown by a converter or validator for one row; the conversion records it as a {@link Rejection} and goes on.
 * Carries no stack trace: rejections are expected and can be frequent.
 */
public final class RowRejectedException extends Exception {
    private final String field;
    private final RejectReason reason;

    public RowRejectedException(String field, RejectReason reason, String message) {
        super(message, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    /** JSON path of the offending field, e.g. {@code messages[2].role}; null when the row as a whole is at fault. */
    public String field() {
        return field;
    }

    public RejectReason reason() {
        return reason;
    }
}
