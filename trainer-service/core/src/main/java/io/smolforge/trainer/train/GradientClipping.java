package io.smolforge.trainer.train;

import ai.djl.ndarray.NDArray;

import java.util.Collection;

/**
 * Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_ (DJL's optClipGrad clamps each element
 * from above only, which is something else): scale every gradient by
 * {@code min(1, max_norm / (total_norm + 1e-6))}, where total_norm is the 2-norm over all gradients.
 */
final class GradientClipping {

    private GradientClipping() {
    }

    /** Scales {@code gradients} in place; returns the total norm before clipping; clips only when maxNorm > 0. */
    static double clip(Collection<NDArray> gradients, double maxNorm) {
        double sumOfSquares = 0;
        for (NDArray g : gradients) {
            try (NDArray norm = g.norm()) {
                double n = norm.getFloat();
                sumOfSquares += n * n;
            }
        }
        double total = Math.sqrt(sumOfSquares);
        if (maxNorm > 0) {
            double coefficient = maxNorm / (total + 1e-6);
            if (coefficient < 1) {
                for (NDArray g : gradients) {
                    g.muli((float) coefficient);
                }
            }
        }
        return total;
    }
}
