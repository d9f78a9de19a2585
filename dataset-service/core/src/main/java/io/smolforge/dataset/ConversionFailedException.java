package io.smolforge.dataset;

/**
 * The conversion as a whole failed: every row was rejected, or more than the allowed share. The rejection
 * report and stats.json are written (they say why); the converted rows are not published.
 */
public final class ConversionFailedException extends Exception {
    private final transient ConversionStats stats;

    public ConversionFailedException(String message, ConversionStats stats) {
        super(message);
        this.stats = stats;
    }

    public ConversionStats stats() {
        return stats;
    }
}
