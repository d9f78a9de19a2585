package io.smolforge.template.render;

/** Java char offsets {@code [start, end)} in {@link RenderedChat#text()} of one {@code {% generation %}} block. */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
