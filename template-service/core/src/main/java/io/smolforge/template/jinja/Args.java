package io.smolforge.template.jinja;

import java.util.List;
import java.util.Map;

/** Python-style binding of positional and keyword arguments for builtin filters, tests and methods. */
final class Args {
    private final String function;
    private final List<Object> positional;
    private final Map<String, Object> keywords;

    Args(String function, List<Object> positional, Map<String, Object> keywords) {
        this.function = function;
        this.positional = positional;
        this.keywords = keywords;
    }

    boolean has(int index, String name) {
        return index < positional.size() || keywords.containsKey(name);
    }

    Object get(int index, String name, Object fallback) {
        if (index >= 0 && index < positional.size()) {
            return positional.get(index);
        }
        if (keywords.containsKey(name)) {
            return keywords.get(name);
        }
        return fallback;
    }

    Object required(int index, String name) {
        if (!has(index, name)) {
            throw JinjaError.type(function + "() missing required argument: '" + name + "'");
        }
        return get(index, name, null);
    }

    long getLong(int index, String name, long fallback) {
        Object v = get(index, name, null);
        if (v == null) {
            return fallback;
        }
        if (!Py.isIntLike(v)) {
            if (v instanceof Undefined u) {
                throw u.error();
            }
            throw JinjaError.type("'" + Py.typeName(v) + "' object cannot be interpreted as an integer");
        }
        return Py.toLong(v);
    }

    boolean getBool(int index, String name, boolean fallback) {
        Object v = get(index, name, Py.MISSING);
        return v == Py.MISSING ? fallback : Py.truthy(v);
    }
}
