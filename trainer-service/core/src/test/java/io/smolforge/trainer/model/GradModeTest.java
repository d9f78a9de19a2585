package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grad mode is per thread in libtorch, and on by default on any thread but the one that started DJL's engine:
 * code that runs on pass workers must say whether it records a graph.
 */
class GradModeTest {

    @Test
    void gradModeIsSetForTheCallingThreadAndRestored() throws Exception {
        List<String> seen = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            Thread worker = new Thread(() -> {
                seen.add("default: " + recordsGraph(x));
                try (GradMode off = GradMode.off()) {
                    seen.add("off: " + recordsGraph(x));
                    try (GradMode on = GradMode.recording()) {
                        seen.add("recording: " + recordsGraph(x));
                    }
                    seen.add("off again: " + recordsGraph(x));
                }
                seen.add("restored: " + recordsGraph(x));
            });
            worker.start();
            worker.join();
        }
        assertThat(seen).containsExactly("default: true", "off: false", "recording: true", "off again: false",
                "restored: true");
    }

    /** Whether sum(x * x), computed in the thread's current mode, has a graph that backward can run through. */
    private static boolean recordsGraph(NDArray x) {
        try (NDArray y = x.mul(x).sum(); NDArray ones = x.getManager().ones(y.getShape())) {
            GradMode.backward(y, ones);
            return true;
        } catch (EngineException e) {
            assertThat(e).hasMessageContaining("does not require grad");
            return false;
        }
    }
}
