package io.smolforge.template.jinja;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A parsed chat template, immutable and safe to share between threads; parse once, render many times.
 * Rendering follows transformers' jinja2 environment (sandboxed, {@code trim_blocks}, {@code lstrip_blocks},
 * loop controls, {@code {% generation %}}).
 */
public final class Template {
    private final String name;
    private final List<Stmt> body;
    private final boolean hasGeneration;

    private Template(String name, List<Stmt> body, boolean hasGeneration) {
        this.name = name;
        this.body = body;
        this.hasGeneration = hasGeneration;
    }

    /** Parses {@code source}; a syntax error is a {@link JinjaError} of kind TemplateSyntaxError. */
    public static Template parse(String source, String name) {
        try {
            Parser.Result result = Parser.parse(source);
            return new Template(name, result.body(), result.hasGeneration());
        } catch (StackOverflowError e) {
            throw JinjaError.limit("template nested too deeply to parse");
        }
    }

    public String name() {
        return name;
    }

    public boolean hasGenerationBlocks() {
        return hasGeneration;
    }

    /**
     * Renders with {@code variables} (plain Java values as Jackson produces them; never modified).
     * Any failure, including exhausted limits, is a {@link JinjaError}.
     */
    public RenderOutput render(Map<String, ?> variables, Clock clock, RenderLimits limits) {
        Renderer renderer = new Renderer(variables, limits, clock);
        try {
            return renderer.run(body);
        } catch (StackOverflowError e) {
            throw JinjaError.limit("template recursion too deep");
        } catch (OutOfMemoryError e) {
            throw JinjaError.limit("template rendering ran out of memory");
        }
    }
}
