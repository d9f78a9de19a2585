package io.smolforge.template.render;

/**
 * Every chat-template failure: syntax errors, {@code raise_exception(...)}, type and undefined errors,
 * sandbox violations and exhausted limits. The message names the template, the line and the Python error
 * jinja2 would have raised, e.g. {@code template 'x' line 3: TypeError: can only concatenate str ...}.
 */
public class TemplateError extends RuntimeException {
    private final String templateName;
    private final String kind;
    private final int line;

    public TemplateError(String templateName, String kind, int line, String message, Throwable cause) {
        super("template '" + templateName + "'" + (line > 0 ? " line " + line : "") + ": " + kind + ": " + message, cause);
        this.templateName = templateName;
        this.kind = kind;
        this.line = line;
    }

    public TemplateError(String message, Throwable cause) {
        super(message, cause);
        this.templateName = null;
        this.kind = "TemplateError";
        this.line = 0;
    }

    public String templateName() {
        return templateName;
    }

    /** The Python exception class jinja2 would raise (TypeError, UndefinedError, TemplateError, ...) or LimitExceeded. */
    public String kind() {
        return kind;
    }

    /** 1-based template line, 0 when unknown. */
    public int line() {
        return line;
    }
}
