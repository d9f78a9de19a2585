package io.smolforge.template.jinja;

import java.util.List;

/**
 * A one-shot Python iterator such as the generators returned by {@code map}, {@code select} or
 * {@code reverse}: it can be iterated once, has no length and is not JSON serialisable, as in jinja2.
 */
final class PyIterator {
    private final String typeName;
    private List<Object> items;

    PyIterator(String typeName, List<Object> items) {
        this.typeName = typeName;
        this.items = items;
    }

    String typeName() {
        return typeName;
    }

    /** The remaining items; afterwards the iterator is exhausted. */
    List<Object> drain() {
        List<Object> rest = items;
        items = List.of();
        return rest;
    }
}
