package io.smolforge.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.smolforge.trainer.lora.LoraAdapter;

import java.util.LinkedHashMap;
import java.util.Map;

/** The gradients a backward pass left on an adapter, for comparing two ways of computing them. */
public final class AdapterGradients {

    private AdapterGradients() {
    }

    /** Copies of the adapter's gradients by parameter name; zeroes them for the next pass. */
    public static Map<String, float[]> take(LoraAdapter adapter) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : adapter.parameters().entrySet()) {
            try (NDArray g = entry.getValue().getGradient()) {
                gradients.put(entry.getKey(), g.toFloatArray());
            }
            JniUtils.zeroGrad((PtNDArray) entry.getValue());
        }
        return gradients;
    }

    /** ||actual - expected|| / ||expected||; {@code expected} must not be all zeros. */
    public static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        if (norm == 0) {
            throw new AssertionError("the expected gradient is all zeros: the comparison would prove nothing");
        }
        return Math.sqrt(diff / norm);
    }
}
