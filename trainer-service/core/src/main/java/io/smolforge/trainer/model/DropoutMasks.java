package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The LoRA dropout keep-masks of one forward/backward pass: for each projection a boolean tensor whose
 * elements are kept with probability {@code 1 - p}, independently (the distribution of torch's dropout).
 *
 * <p>The draws come from a Java {@link SplittableRandom} seeded with the pass's seed and the projection's
 * name, not from libtorch's Bernoulli kernel: that kernel draws one double per element (5 ns on this CPU, a
 * sixth of a LoRA step), this draws two per 64-bit word. A mask is a function of (seed, projection, shape)
 * only, so a layer re-run during checkpointed backward gets the same mask without storing it, and a resumed
 * run draws the masks of the uninterrupted one.
 *
 * <p>The mask is kept as 0/1 (1 byte per element, also what autograd keeps for backward); the
 * {@code 1 / (1 - p)} scale is applied to the small LoRA rank-r activations instead (see {@link Projection}).
 */
public final class DropoutMasks {

    private final long seed;
    private byte[] scratch = new byte[0];
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    public DropoutMasks(long seed) {
        this.seed = seed;
    }

    /** A [shape] boolean keep-mask for {@code projection}, made in {@code manager}. */
    NDArray keepMask(NDManager manager, Shape shape, float p, String projection) {
        int size = Math.toIntExact(shape.size());
        if (scratch.length < size) {
            scratch = new byte[size];
            staging = ByteBuffer.allocateDirect(size);
        }
        // keep iff a uniform 32-bit draw is below (1 - p) * 2^32
        long threshold = Math.round((1.0 - p) * 4294967296.0);
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + projection.hashCode());
        int i = 0;
        for (; i + 1 < size; i += 2) {
            long bits = random.nextLong();
            scratch[i] = (bits & 0xFFFFFFFFL) < threshold ? (byte) 1 : 0;
            scratch[i + 1] = (bits >>> 32) < threshold ? (byte) 1 : 0;
        }
        if (i < size) {
            scratch[i] = (random.nextLong() & 0xFFFFFFFFL) < threshold ? (byte) 1 : 0;
        }
        // DJL makes a tensor over a direct buffer without copying it: copy it into libtorch's memory, so the
        // staging buffer can be refilled and the mask is freed with the tensor, not when Java collects a buffer
        ByteBuffer bytes = staging.clear().put(scratch, 0, size).flip();
        try (NDArray view = manager.create(bytes, shape, DataType.BOOLEAN)) {
            return view.duplicate();
        }
    }
}
