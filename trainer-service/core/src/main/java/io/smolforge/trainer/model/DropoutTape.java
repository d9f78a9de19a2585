package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LoRA dropout draws of one checkpointed step: drawn once during the first (graph-free) forward pass and
 * replayed when backward re-runs a layer, instead of re-seeding the RNG and drawing them all again (the
 * Bernoulli draws are a large share of a CPU step).
 *
 * <p>The numbers are those of {@code dropout(x)}: libtorch's CPU dropout is {@code x * noise} with
 * {@code noise = bernoulli(1 - p) / (1 - p)}; here the noise is {@code dropout(ones)} (the same draws: same
 * shape, same RNG state, one draw sequence per call), so {@code x.mul(noise)} is bit-identical, and so is its
 * gradient. The noise is kept as a boolean mask plus its kept value (1 byte per element instead of 4), and
 * rebuilt exactly ({@code 1.0f * s == s}) on replay.
 */
final class DropoutTape implements AutoCloseable {

    private final List<NDArray> masks = new ArrayList<>();
    private final List<NDArray> keptValues = new ArrayList<>();
    private final Map<Shape, NDArray> ones = new HashMap<>();
    private int cursor = -1;

    /** Records the draws that follow; returns where they start (for {@link #replayFrom}). */
    int record() {
        cursor = -1;
        return masks.size();
    }

    /** Replays the draws recorded from {@code mark} on, in the order they were drawn. */
    void replayFrom(int mark) {
        freeOnes();
        cursor = mark;
    }

    private void freeOnes() {
        ones.values().forEach(NDArray::close);
        ones.clear();
    }

    /** {@code dropout(x, p)} in training mode. */
    NDArray apply(NDArray x, float p) {
        if (cursor >= 0) {
            NDArray noise = masks.get(cursor).toType(DataType.FLOAT32, false).mul(keptValues.get(cursor));
            cursor++;
            return x.mul(noise);
        }
        NDArray unit = ones.computeIfAbsent(x.getShape(), shape -> kept(x.getManager().ones(shape)));
        NDArray noise = Dropout.dropout(unit, p, true).singletonOrThrow();
        masks.add(kept(noise.gt(0f)));
        keptValues.add(kept(noise.max()));
        return x.mul(noise);
    }

    /** Out of the current scope: the tape closes it. */
    private static NDArray kept(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    @Override
    public void close() {
        masks.forEach(NDArray::close);
        keptValues.forEach(NDArray::close);
        freeOnes();
    }
}
