package io.smolforge.template.render;

/**
 * Java char offsets {@code [start, end)} in {@link RenderedChat#text()} of one {@code {% generation %}} block's
 * output. Computed as transformers does (top-level output length so far plus the block's length, in code
 * points, then mapped onto the text), so a block inside a macro or set block gives transformers' numbers.
 */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
