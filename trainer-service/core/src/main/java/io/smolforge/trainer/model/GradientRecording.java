package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records autograd graphs on the calling thread while open. libtorch's grad mode is per thread, but DJL's
 * {@code GradientCollector} allows one collector per process, which training passes running on several threads
 * at once cannot share.
 */
final class GradientRecording implements AutoCloseable {

    private final boolean previous;

    private GradientRecording() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    static GradientRecording start() {
        return new GradientRecording();
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
