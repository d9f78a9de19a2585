package io.smolforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The LoRA dropout keep-masks of one forward/backward pass: for each projection a 0/1 tensor whose
 * elements are kept with probability {@code 1 - p}, independently (the distribution of torch's dropout).
 *
 * <p>The draws come from a Java {@link SplittableRandom} seeded with the pass's seed and the projection's
 * name, not from libtorch's Bernoulli kernel: that kernel draws one double per element (5 ns on this CPU, a
 * sixth of a LoRA step), this draws two per 64-bit word. A mask is a function of (seed, projection, shape)
 * only, so a layer re-run during checkpointed backward gets the same mask without storing it, and a resumed
 * run draws the masks of the uninterrupted one.
 *
 * <p>The mask is a uint8 tensor of 0/1, drawn straight into the tensor's memory and multiplied into {@code x}:
 * 1 byte per element is what autograd keeps for backward, and libtorch's float-times-uint8 kernel is 3-4x faster
 * than float-times-bool or {@code where}. The {@code 1 / (1 - p)} scale is applied to the small LoRA rank-r
 * activations instead (see {@link Projection}).
 */
public final class DropoutMasks {

    /** Elements per independently seeded stream. */
    private static final int CHUNK = 1 << 16;

    private final long seed;

    public DropoutMasks(long seed) {
        this.seed = seed;
    }

    /** {@code x} with the elements dropped by {@code projection}'s mask set to 0 (not rescaled). */
    NDArray apply(NDArray x, float p, String projection) {
        return x.mul(keepMask(x.getManager(), x.getShape(), p, projection));
    }

    /** A [shape] uint8 keep-mask (1 = keep) for {@code projection}, made in {@code manager}. */
    NDArray keepMask(NDManager manager, Shape shape, float p, String projection) {
        int size = Math.toIntExact(shape.size());
        boolean gpu = manager.getDevice().isGpu();
        // drawn straight into a CPU tensor's memory (libtorch's, freed with the tensor), then moved to a GPU if any
        NDArray mask = gpu ? manager.zeros(shape, DataType.UINT8, Device.cpu()) : manager.create(shape, DataType.UINT8);
        ByteBuffer bytes = mask.toByteBuffer(true);
        if (!bytes.isDirect() || bytes.capacity() != size) {
            throw new IllegalStateException("expected direct access to the " + size + " bytes of a CPU mask");
        }
        long threshold = Math.round((1.0 - p) * 4294967296.0);
        long stream = seed * 0x9E3779B97F4A7C15L + projection.hashCode();
        // fixed-size chunks with their own streams: the same mask on any number of threads
        IntStream.range(0, (size + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> draw(bytes,
                chunk * CHUNK, Math.min(size, (chunk + 1) * CHUNK), threshold, new SplittableRandom(stream + chunk)));
        if (!gpu) {
            return mask;
        }
        try (mask) {
            return mask.toDevice(manager.getDevice(), false);
        }
    }

    /** keep (1) iff a uniform 32-bit draw is below threshold = (1 - p) * 2^32; two draws per 64-bit word, no branches. */
    private static void draw(ByteBuffer bytes, int from, int to, long threshold, SplittableRandom random) {
        int i = from;
        for (; i + 1 < to; i += 2) {
            long bits = random.nextLong();
            bytes.put(i, (byte) (((bits & 0xFFFFFFFFL) - threshold) >>> 63));
            bytes.put(i + 1, (byte) (((bits >>> 32) - threshold) >>> 63));
        }
        if (i < to) {
            bytes.put(i, (byte) (((random.nextLong() & 0xFFFFFFFFL) - threshold) >>> 63));
        }
    }
}
