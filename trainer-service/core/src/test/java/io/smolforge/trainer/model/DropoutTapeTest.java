package io.smolforge.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Replayed dropout noise is bit for bit that of libtorch's dropout drawn from the same RNG state. */
class DropoutTapeTest {

    @Test
    void recordedAndReplayedDrawsEqualDropout() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             DropoutTape tape = new DropoutTape()) {
            NDArray a = manager.randomNormal(new Shape(3, 50, 16));
            NDArray b = manager.randomNormal(new Shape(3, 50, 48));
            Engine.getInstance().setRandomSeed(42);
            float[][] expected = {
                    Dropout.dropout(a, 0.1f, true).singletonOrThrow().toFloatArray(),
                    Dropout.dropout(a, 0.1f, true).singletonOrThrow().toFloatArray(),
                    Dropout.dropout(b, 0.1f, true).singletonOrThrow().toFloatArray()};
            Engine.getInstance().setRandomSeed(42);
            int mark = tape.record();
            float[][] recorded = {tape.apply(a, 0.1f).toFloatArray(), tape.apply(a, 0.1f).toFloatArray(),
                    tape.apply(b, 0.1f).toFloatArray()};
            tape.replayFrom(mark);
            float[][] replayed = {tape.apply(a, 0.1f).toFloatArray(), tape.apply(a, 0.1f).toFloatArray(),
                    tape.apply(b, 0.1f).toFloatArray()};
            assertThat(expected[0]).isNotEqualTo(expected[1]);
            for (int i = 0; i < expected.length; i++) {
                assertThat(recorded[i]).as("draw %s recorded", i).isEqualTo(expected[i]);
                assertThat(replayed[i]).as("draw %s replayed", i).isEqualTo(expected[i]);
            }
        }
    }
}
