package io.smolforge.template.jinja;

import java.util.HashMap;
import java.util.Map;

/** One frame of variables; {@code for}, macros and {@code with} open a new one, {@code if} does not. */
final class Scope {
    final Scope parent;
    /** Allocated on first assignment: most loop iterations and macro calls set few or no names. */
    private Map<String, Object> vars;

    Scope(Scope parent) {
        this.parent = parent;
    }

    void set(String name, Object value) {
        if (vars == null) {
            vars = new HashMap<>(8);
        }
        vars.put(name, value);
    }

    /** The value bound in this frame or a parent, or {@link Py#MISSING}. */
    Object find(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.vars == null) {
                continue;
            }
            Object v = s.vars.get(name);
            if (v != null || s.vars.containsKey(name)) {
                return v;
            }
        }
        return Py.MISSING;
    }
}
