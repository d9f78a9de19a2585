package io.smolforge.template.render;

import io.smolforge.template.jinja.JinjaError;
import io.smolforge.template.jinja.RenderLimits;
import io.smolforge.template.jinja.RenderOutput;
import io.smolforge.template.jinja.Template;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template rendered exactly as {@code transformers.apply_chat_template} renders it.
 * Parsed once; {@link #render} is thread-safe. Every failure is a {@link TemplateError}.
 */
public final class ChatTemplate {
    private final Template template;
    private final Map<String, Object> specialTokens;
    private final Clock clock;
    private final RenderLimits limits;

    private ChatTemplate(Template template, Map<String, Object> specialTokens, Clock clock, RenderLimits limits) {
        this.template = template;
        this.specialTokens = specialTokens;
        this.clock = clock;
        this.limits = limits;
    }

    /** {@code chat_template.jinja}, else {@code tokenizer_config.json}'s template; special tokens from the latter. */
    public static ChatTemplate fromModelDir(Path dir) {
        TemplateSource.Loaded loaded = TemplateSource.fromModelDir(dir);
        return of(loaded.source(), loaded.name(), loaded.specialTokens());
    }

    /** A template file (TRL's {@code chat_template_path}) with the given special tokens. */
    public static ChatTemplate fromFile(Path jinja, Map<String, Object> specialTokens) {
        return of(TemplateSource.readString(jinja), jinja.toString(), specialTokens);
    }

    public static ChatTemplate of(String source, String name, Map<String, Object> specialTokens) {
        try {
            return new ChatTemplate(Template.parse(source, name), presentTokens(specialTokens), Clock.systemDefaultZone(),
                    RenderLimits.defaults());
        } catch (JinjaError e) {
            throw translate(name, e);
        } catch (RuntimeException e) {
            throw internal(name, e);
        }
    }

    /** Special tokens without the unset ones: transformers passes only tokens that are not None. */
    private static Map<String, Object> presentTokens(Map<String, Object> specialTokens) {
        Map<String, Object> present = new java.util.LinkedHashMap<>();
        specialTokens.forEach((k, v) -> {
            if (k != null && v != null) {
                present.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(present);
    }

    /** The same template with {@code strftime_now} reading {@code clock} (its zone gives the local time). */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(template, specialTokens, clock, limits);
    }

    public ChatTemplate withLimits(RenderLimits limits) {
        return new ChatTemplate(template, specialTokens, clock, limits);
    }

    public String name() {
        return template.name();
    }

    public boolean hasGenerationBlocks() {
        return template.hasGenerationBlocks();
    }

    /**
     * Renders with the variables transformers passes: {@code messages}, {@code tools} and {@code documents}
     * (None when absent), {@code add_generation_prompt} (False when absent), any extra kwargs, and the
     * special tokens unless the caller gives them.
     */
    public RenderedChat render(Map<String, Object> variables) {
        Map<String, Object> context = new HashMap<>(specialTokens.size() + variables.size() + 4);
        context.put("tools", null);
        context.put("documents", null);
        context.put("add_generation_prompt", false);
        context.putAll(specialTokens);
        context.putAll(variables);
        RenderOutput out;
        try {
            out = template.render(context, clock, limits);
        } catch (JinjaError e) {
            throw translate(name(), e);
        } catch (RuntimeException e) {
            throw internal(name(), e);
        }
        List<Span> spans = new ArrayList<>(out.generationSpans().size());
        for (int[] s : out.generationSpans()) {
            spans.add(new Span(s[0], s[1]));
        }
        return new RenderedChat(out.text(), spans);
    }

    private static TemplateError translate(String name, JinjaError e) {
        return new TemplateError(name, e.kind(), e.line(), e.getMessage(), e);
    }

    /** A bug of the interpreter must still not take the service down: it becomes a TemplateError too. */
    private static TemplateError internal(String name, RuntimeException e) {
        return new TemplateError(name, "InternalError", 0, e.toString(), e);
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + name() + "]";
    }
}
