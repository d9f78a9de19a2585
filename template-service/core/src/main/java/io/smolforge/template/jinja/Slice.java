package io.smolforge.template.jinja;

/** A subscript slice {@code [start:stop:step]}; null bounds are omitted ones. */
record Slice(Object start, Object stop, Object step) {
}
