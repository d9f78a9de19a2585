package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What one training forward/backward pass uses besides its batch: its LoRA dropout masks, and optionally
 * gradient leaves of its own for the trained parameters.
 *
 * <p>With its own leaves ({@link #withOwnGradients}) a pass reads each parameter through a detached tensor that
 * shares the parameter's memory, so backward leaves this pass's gradient on that tensor instead of adding it to
 * the parameter's. Passes can then run on several threads at once, and the trainer adds their gradients up in
 * pass order: the sum, bit for bit, does not depend on which pass finished first (libtorch would add concurrent
 * gradients in arrival order). Each leaf holds one gradient the size of its parameter, which is why only small
 * parameter sets (LoRA adapters) get them.
 */
public final class TrainingPass implements AutoCloseable {

    private final DropoutMasks masks;
    private final Map<NDArray, NDArray> leaves;

    private TrainingPass(DropoutMasks masks, Map<NDArray, NDArray> leaves) {
        this.masks = masks;
        this.leaves = leaves;
    }

    /** A pass whose gradients go straight to the parameters, as one backward call adds them. */
    public static TrainingPass of(long seed) {
        return new TrainingPass(new DropoutMasks(seed), Map.of());
    }

    /** A pass that keeps the gradients of {@code parameters} to itself (see {@link #gradientOf}). */
    public static TrainingPass withOwnGradients(long seed, Collection<NDArray> parameters) {
        Map<NDArray, NDArray> leaves = new IdentityHashMap<>();
        for (NDArray parameter : parameters) {
            leaves.put(parameter, CausalLanguageModel.leaf(parameter, true));
        }
        return new TrainingPass(new DropoutMasks(seed), leaves);
    }

    DropoutMasks masks() {
        return masks;
    }

    /** The tensor this pass reads {@code parameter} through: its own leaf, or the parameter itself. */
    NDArray parameter(NDArray parameter) {
        NDArray leaf = leaves.get(parameter);
        return leaf == null ? parameter : leaf;
    }

    /** This pass's gradient of {@code parameter}, a new handle owned by the caller. */
    public NDArray gradientOf(NDArray parameter) {
        NDArray leaf = leaves.get(parameter);
        if (leaf == null) {
            throw new IllegalArgumentException("this pass has no gradient of its own for " + parameter.getShape());
        }
        return leaf.getGradient();
    }

    /** Frees the leaves and their gradients (the parameters' memory is not touched). */
    @Override
    public void close() {
        leaves.values().forEach(NDArray::close);
    }
}
