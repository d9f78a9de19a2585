package io.smolforge.template.jinja;

import java.util.List;
import java.util.Map;

/**
 * Attribute ({@code a.b}) and item ({@code a['b']}) access with jinja2's lookup order. This is the
 * sandbox boundary: only dict keys, namespace and loop attributes, and the whitelisted methods of
 * {@link Methods} are reachable; names starting with an underscore are refused outright.
 */
final class Attributes {
    private Attributes() {
    }

    static Object getattr(Object obj, String name) {
        if (name.startsWith("_")) {
            throw JinjaError.security("access to attribute '" + name + "' of '" + Py.typeName(obj) + "' object is unsafe.");
        }
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (Methods.has(obj, name)) {
            return new BoundMethod(obj, name);
        }
        return lookupPlain(obj, name);
    }

    static Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (key instanceof Slice s) {
            return Py.slice(obj, s);
        }
        if (obj instanceof Map<?, ?> m) {
            Object v = Py.mapGet(m, key);
            if (v != Py.MISSING) {
                return v;
            }
        } else if (obj instanceof PyView) {
            return Undefined.element(obj, key);
        } else if (obj instanceof List<?> l) {
            Object v = Py.subscriptList(l, key, obj);
            if (v != null || Py.isIntLike(key)) {
                return v;
            }
        } else if (obj instanceof String || obj instanceof Markup) {
            if (Py.isIntLike(key)) {
                String s = Py.str(obj);
                long i = Py.toLong(key);
                int n = s.codePointCount(0, s.length());
                if (i < 0) {
                    i += n;
                }
                if (i < 0 || i >= n) {
                    return Undefined.element(obj, key);
                }
                int at = s.offsetByCodePoints(0, (int) i);
                return s.substring(at, s.offsetByCodePoints(at, 1));
            }
        }
        if (key instanceof String name) {
            if (name.startsWith("_")) {
                throw JinjaError.security("access to attribute '" + name + "' of '" + Py.typeName(obj) + "' object is unsafe.");
            }
            if (Methods.has(obj, name)) {
                return new BoundMethod(obj, name);
            }
            if (!(obj instanceof Map)) {
                return lookupPlain(obj, name);
            }
        }
        return Undefined.element(obj, key);
    }

    private static Object lookupPlain(Object obj, String name) {
        if (obj instanceof Map<?, ?> m) {
            Object v = Py.mapGet(m, name);
            return v == Py.MISSING ? Undefined.attribute(obj, name) : v;
        }
        if (obj instanceof Namespace ns) {
            Object v = ns.attributes.get(name);
            return v != null || ns.attributes.containsKey(name) ? v : Undefined.attribute(obj, name);
        }
        if (obj instanceof LoopState loop) {
            return loop.attribute(name);
        }
        if (obj instanceof Macro macro) {
            return macro.attribute(name);
        }
        if (obj instanceof PyTuple tuple) {
            Object v = tuple.attribute(name);
            if (v != null) {
                return v;
            }
        }
        return Undefined.attribute(obj, name);
    }
}
