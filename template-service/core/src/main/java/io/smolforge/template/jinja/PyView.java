package io.smolforge.template.jinja;

import java.util.AbstractList;
import java.util.List;

/**
 * A dict view ({@code dict_keys}, {@code dict_values}, {@code dict_items}): iterable and sized like a list,
 * but it prints as {@code dict_keys([...])}, cannot be indexed and is not JSON serialisable, as in Python.
 */
final class PyView extends AbstractList<Object> {
    private final String typeName;
    private final List<Object> items;

    PyView(String typeName, List<Object> items) {
        this.typeName = typeName;
        this.items = items;
    }

    String typeName() {
        return typeName;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
