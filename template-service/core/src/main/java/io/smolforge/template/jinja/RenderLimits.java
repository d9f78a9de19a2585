package io.smolforge.template.jinja;

import java.time.Duration;

/**
 * Bounds on one render, because templates are user input: characters of output (and of any string built
 * on the way), loop iterations, macro call depth and wall-clock time. Exceeding one is a
 * {@link JinjaError} of kind {@code LimitExceeded}.
 */
public record RenderLimits(long maxOutputChars, long maxLoopIterations, int maxMacroDepth, Duration maxRenderTime) {
    /** 16 M characters, 1 M loop iterations, macro depth 200, 10 s. */
    public static RenderLimits defaults() {
        return new RenderLimits(16L << 20, 1_000_000, 200, Duration.ofSeconds(10));
    }
}
