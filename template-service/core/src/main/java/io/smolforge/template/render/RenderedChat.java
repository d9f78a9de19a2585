package io.smolforge.template.render;

import java.util.List;

/** A rendered conversation and the spans its {@code {% generation %}} blocks produced (assistant text). */
public record RenderedChat(String text, List<Span> generationSpans) {
    public RenderedChat {
        generationSpans = List.copyOf(generationSpans);
    }
}
