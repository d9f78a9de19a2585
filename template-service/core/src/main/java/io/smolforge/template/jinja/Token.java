package io.smolforge.template.jinja;

/** One lexical token of a template; {@code value} is the text, or the decoded value of a string literal. */
record Token(Kind kind, String value, int line) {
    enum Kind { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF }

    boolean is(Kind k, String v) {
        return kind == k && value.equals(v);
    }

    boolean isOp(String v) {
        return kind == Kind.OPERATOR && value.equals(v);
    }

    boolean isName(String v) {
        return kind == Kind.NAME && value.equals(v);
    }

    @Override
    public String toString() {
        return kind == Kind.EOF ? "end of template" : "'" + value + "'";
    }
}
