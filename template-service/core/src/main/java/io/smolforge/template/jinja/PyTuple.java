package io.smolforge.template.jinja;

import java.util.AbstractList;
import java.util.List;

/** An immutable Python tuple; it prints as {@code (a, b)} and serialises to JSON as an array. */
class PyTuple extends AbstractList<Object> {
    private final Object[] items;

    PyTuple(Object... items) {
        this.items = items;
    }

    static PyTuple of(List<?> items) {
        return new PyTuple(items.toArray());
    }

    /** Named fields of tuple subclasses (see {@link GroupTuple}); null when there is none. */
    Object attribute(String name) {
        return null;
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
