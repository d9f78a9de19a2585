package io.smolforge.template.jinja;

import java.util.List;

/** Rendered text and the [start, end) Java char offsets of every {@code {% generation %}} block's output. */
public record RenderOutput(String text, List<int[]> generationSpans) {
}
