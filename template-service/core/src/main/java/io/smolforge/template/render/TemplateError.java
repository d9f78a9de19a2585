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
    private final String detail;

    public TemplateError(String templateName, String kind, int line, String detail, Throwable cause) {
        super("template '" + templateName + "'" + (line > 0 ? " line " + line : "") + ": " + kind + ": " + detail, cause);
        this.templateName = templateName;
        this.kind = kind;
        this.line = line;
        this.detail = detail;
    }

    public TemplateError(String message, Throwable cause) {
        super(message, cause);
        this.templateName = null;
        this.kind = "TemplateError";
        this.line = 0;
        this.detail = message;
    }

    public String templateName() {
        return templateName;
    }

    /** The Python exception class jinja2 would raise (TypeError, UndefinedError, TemplateError, ...) or LimitExceeded. */
    public String kind() {
        return kind;
    }

    /** The error as Python prints it, {@code Kind: message}, e.g. {@code TemplateError: System role not supported}. */
    public String pythonError() {
        return kind + ": " + detail;
    }

    /** 1-based template line, 0 when unknown. */
    public int line() {
        return line;
    }
}
