package io.smolforge.template.jinja;

import java.util.List;

/**
 * A one-shot Python iterator such as the generators returned by {@code map}, {@code select} or
 * {@code reverse}: it can be iterated once, has no length and is not JSON serialisable, as in jinja2.
 */
final class PyIterator {
    private final String typeName;
    private String producer = "genexpr";
    private List<Object> items;
    /** A generator's items are computed eagerly here; an error met on the way is raised only when reached. */
    private JinjaError pending;

    PyIterator(String typeName, List<Object> items) {
        this(typeName, items, null);
    }

    PyIterator(String typeName, List<Object> items, JinjaError pending) {
        this.typeName = typeName;
        this.items = items;
        this.pending = pending;
    }

    String typeName() {
        return typeName;
    }

    /** Names the jinja2 function whose generator this is, for Python's repr (e.g. sync_do_map). */
    PyIterator producedBy(String function) {
        this.producer = function;
        return this;
    }

    /** Python's repr with a fixed fake address: word counts and lengths of printed generators still match. */
    String repr() {
        return typeName.equals("generator") ? "<generator object " + producer + " at 0x7f0000000000>"
                : "<" + typeName + " object at 0x7f0000000000>";
    }

    /** The remaining items; afterwards the iterator is exhausted. */
    List<Object> drain() {
        List<Object> rest = items;
        items = List.of();
        if (pending != null) {
            JinjaError e = pending;
            pending = null;
            throw e;
        }
        return rest;
    }

    /** {@code next(iterator)}: the first remaining item, or MISSING when exhausted. */
    Object next() {
        if (!items.isEmpty()) {
            Object first = items.get(0);
            items = items.subList(1, items.size());
            return first;
        }
        if (pending != null) {
            JinjaError e = pending;
            pending = null;
            throw e;
        }
        return Py.MISSING;
    }
}
