package io.smolforge.template.jinja;

/** One lexical token of a template; {@code value} is the text, or the decoded value of a string literal. */
record Token(Kind kind, String value, int line) {
    /** ERROR carries a lexer failure, raised when the parser reaches it (jinja2 lexes lazily). */
    enum Kind { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, ERROR, EOF }

    boolean is(Kind k, String v) {
        return kind == k && value.equals(v);
    }

    boolean isOp(String v) {
        return kind == Kind.OPERATOR && value.equals(v);
    }

    boolean isName(String v) {
        return kind == Kind.NAME && value.equals(v);
    }

    /** jinja2's describe_token: what error messages call this token. */
    String describe() {
        return switch (kind) {
            case NAME, OPERATOR -> value;
            case STRING -> "string";
            case INTEGER -> "integer";
            case FLOAT -> "float";
            case TEXT -> "template data / text";
            case VAR_BEGIN -> "begin of print statement";
            case VAR_END -> "end of print statement";
            case BLOCK_BEGIN -> "begin of statement block";
            case BLOCK_END -> "end of statement block";
            case EOF -> "end of template";
            case ERROR -> value;
        };
    }

    @Override
    public String toString() {
        return "'" + describe() + "'";
    }
}
