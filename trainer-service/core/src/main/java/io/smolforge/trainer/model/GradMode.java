package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's grad mode for the calling thread, set while open and restored on close. It is per thread: DJL turns
 * it off on the thread that starts the engine, but every other thread starts with it on, so code that may run on
 * any thread says which it needs. DJL's {@code GradientCollector} is no help there: it allows one collector per
 * process, which passes running on several threads at once cannot share.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /** Operations record the autograd graph that backward needs. */
    public static GradMode recording() {
        return new GradMode(true);
    }

    /** Operations record no graph (nothing is kept for backward). */
    public static GradMode off() {
        return new GradMode(false);
    }

    /** Backward from {@code output} with upstream gradient {@code gradient} (ones for a 0-d loss). */
    static void backward(NDArray output, NDArray gradient) {
        JniUtils.backward((PtNDArray) output, (PtNDArray) gradient, false, false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
