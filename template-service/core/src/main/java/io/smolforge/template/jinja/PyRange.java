package io.smolforge.template.jinja;

import java.util.AbstractList;

/** Python's {@code range}: a lazy sequence that prints as {@code range(0, 3)} and is not JSON serialisable. */
final class PyRange extends AbstractList<Object> {
    final long start;
    final long stop;
    final long step;
    private final int size;

    PyRange(long start, long stop, long step) {
        this.start = start;
        this.stop = stop;
        this.step = step;
        long n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        this.size = (int) Math.max(0, n);
    }

    @Override
    public Object get(int index) {
        return start + index * step;
    }

    @Override
    public int size() {
        return size;
    }

    PyRange slice(Slice s) {
        long[] idx = Py.sliceIndices(s, size);
        return new PyRange(start + idx[0] * step, start + idx[1] * step, step * idx[2]);
    }

    @Override
    public String toString() {
        return "range(" + start + ", " + stop + (step == 1 ? "" : ", " + step) + ")";
    }
}
