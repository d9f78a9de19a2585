package io.smolforge.template.jinja;

import java.util.HashMap;
import java.util.Map;

/** One frame of variables; {@code for}, macros and {@code with} open a new one, {@code if} does not. */
final class Scope {
    final Scope parent;
    private final Map<String, Object> vars = new HashMap<>(8);

    Scope(Scope parent) {
        this.parent = parent;
    }

    void set(String name, Object value) {
        vars.put(name, value);
    }

    /** The value bound in this frame or a parent, or {@link Py#MISSING}. */
    Object find(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object v = s.vars.get(name);
            if (v != null || s.vars.containsKey(name)) {
                return v;
            }
        }
        return Py.MISSING;
    }
}
