package io.smolforge.template.jinja;

/**
 * jinja2's default {@code Undefined}: prints as '', is falsy, iterates as empty, and raises
 * {@code UndefinedError} with {@link #message()} when used for anything else.
 */
final class Undefined {
    static final Undefined ANONYMOUS = new Undefined(null);
    private final String hint;

    Undefined(String hint) {
        this.hint = hint;
    }

    static Undefined named(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(Object owner, String name) {
        return new Undefined(Py.repr(Py.objectTypeRepr(owner)) + " has no attribute " + Py.repr(name));
    }

    static Undefined element(Object owner, Object key) {
        if (key instanceof String s) {
            return attribute(owner, s);
        }
        return new Undefined(Py.objectTypeRepr(owner) + " has no element " + Py.repr(key));
    }

    String message() {
        return hint == null ? "'undefined' value" : hint;
    }

    JinjaError error() {
        return JinjaError.undefined(message());
    }
}
