package io.smolforge.template.jinja;

/** markupsafe's {@code Markup}: a string marked safe; concatenating a plain string to it escapes that string. */
record Markup(String text) {
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&#34;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Markup of a value: Markup stays as is, anything else is converted with str() and escaped. */
    static Markup of(Object value) {
        return value instanceof Markup m ? m : new Markup(escape(Py.str(value)));
    }

    @Override
    public String toString() {
        return text;
    }
}
