package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.function.Supplier;

/**
 * Frees intermediate arrays as soon as a computation is done with them, the way Python drops tensors
 * whose last reference goes: DJL otherwise keeps every intermediate until its scope closes, which for a
 * training step means all activations of all layers at once.
 */
final class Intermediates {

    private Intermediates() {
    }

    /**
     * Runs {@code step} in its own scope and closes every array it made except the result, which moves to
     * the caller's scope. Autograd holds its own references to what backward needs, so this only drops
     * Java's handles; arrays made from Java data must be created outside (they stay alive until after
     * backward, DJL defect 1).
     */
    static NDArray keepOnly(Supplier<NDArray> step) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            result = step.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }
}
