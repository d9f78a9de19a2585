package io.smolforge.template.jinja;

/**
 * A failure while parsing or rendering a template. {@link #kind()} names the Python exception jinja2
 * would have raised ({@code TypeError}, {@code UndefinedError}, {@code TemplateError},
 * {@code TemplateSyntaxError}, {@code SecurityError}, ...) or {@code LimitExceeded} for sandbox limits.
 */
public final class JinjaError extends RuntimeException {
    private final String kind;
    private int line;

    public JinjaError(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static JinjaError type(String message) {
        return new JinjaError("TypeError", message);
    }

    public static JinjaError undefined(String message) {
        return new JinjaError("UndefinedError", message);
    }

    public static JinjaError security(String message) {
        return new JinjaError("SecurityError", message);
    }

    public static JinjaError syntax(String message, int line) {
        JinjaError e = new JinjaError("TemplateSyntaxError", message);
        e.line = line;
        return e;
    }

    public static JinjaError limit(String message) {
        return new JinjaError("LimitExceeded", message);
    }

    public String kind() {
        return kind;
    }

    /** 1-based template line where the failure happened, 0 when unknown. */
    public int line() {
        return line;
    }

    JinjaError atLine(int line) {
        if (this.line == 0) {
            this.line = line;
        }
        return this;
    }

    /** Python's rendering of the exception: {@code TypeError: message}. */
    public String pythonForm() {
        return kind + ": " + getMessage();
    }
}
