package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, ensure_ascii=False, indent=…, separators=…, sort_keys=…)}, which is what
 * transformers installs as the {@code tojson} filter.
 */
final class JsonDumps {
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;
    private final long maxChars;

    JsonDumps(boolean ensureAscii, Object indent, Object separators, boolean sortKeys, long maxChars) {
        this.ensureAscii = ensureAscii;
        this.maxChars = maxChars;
        if (indent == null || indent instanceof Undefined) {
            this.indent = null;
        } else if (Py.isString(indent)) {
            this.indent = Py.str(indent);
        } else if (Py.isIntLike(indent)) {
            long n = Py.toLong(indent);
            if (n > 1000) {
                throw JinjaError.limit("tojson indent " + n + " is too large");
            }
            this.indent = " ".repeat((int) Math.max(0, n));
        } else {
            throw JinjaError.type("indent must be an int or a str, not " + Py.typeName(indent));
        }
        if (separators instanceof List<?> seps && seps.size() == 2) {
            itemSeparator = Py.str(seps.get(0));
            keySeparator = Py.str(seps.get(1));
        } else if (separators == null || separators instanceof Undefined) {
            itemSeparator = this.indent != null ? "," : ", ";
            keySeparator = ": ";
        } else {
            throw new JinjaError("ValueError", "separators must be a pair of strings");
        }
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object v, int depth) {
        if (depth > 200) {
            throw JinjaError.limit("value nested more than 200 levels deep");
        }
        if (sb.length() > maxChars) {
            throw JinjaError.limit("tojson output exceeds " + maxChars + " characters");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (Py.isInt(v)) {
            sb.append(v);
        } else if (Py.isFloat(v)) {
            double d = Py.toDouble(v);
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : PyFormat.floatRepr(d));
        } else if (Py.isString(v)) {
            writeString(sb, Py.str(v), ensureAscii);
        } else if (v instanceof List<?> l && !(v instanceof PyRange) && !(v instanceof PyView)) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object item : l) {
                separator(sb, first, depth + 1);
                first = false;
                write(sb, item, depth + 1);
            }
            close(sb, depth, ']');
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            List<Map.Entry<String, Object>> entries = new ArrayList<>(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
            }
            if (sortKeys) {
                entries.sort(Map.Entry.comparingByKey());
            }
            boolean first = true;
            for (Map.Entry<String, Object> e : entries) {
                separator(sb, first, depth + 1);
                first = false;
                writeString(sb, e.getKey(), ensureAscii);
                sb.append(keySeparator);
                write(sb, e.getValue() == NULL ? null : e.getValue(), depth + 1);
            }
            close(sb, depth, '}');
        } else {
            throw JinjaError.type("Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
    }

    private static final Object NULL = new Object();

    private static String key(Object k) {
        if (Py.isString(k)) {
            return Py.str(k);
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (Py.isNumber(k)) {
            return Py.str(k);
        }
        throw JinjaError.type("keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private void separator(StringBuilder sb, boolean first, int depth) {
        if (!first) {
            sb.append(itemSeparator);
        }
        if (indent != null) {
            sb.append('\n');
            for (int i = 0; i < depth; i++) {
                sb.append(indent);
            }
        }
    }

    private void close(StringBuilder sb, int depth, char bracket) {
        if (indent != null) {
            sb.append('\n');
            for (int i = 0; i < depth; i++) {
                sb.append(indent);
            }
        }
        sb.append(bracket);
    }

    static void writeString(StringBuilder sb, String s, boolean ensureAscii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        sb.append("\\u");
                        String hex = Integer.toHexString(c);
                        sb.append("0000", hex.length(), 4).append(hex);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
