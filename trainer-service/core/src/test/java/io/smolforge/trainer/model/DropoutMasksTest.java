package io.smolforge.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** LoRA dropout masks: torch's keep probability, reproducible per (seed, projection), and dropout's gradient. */
class DropoutMasksTest {

    @Test
    void masksKeepOneMinusPAndAreAFunctionOfSeedAndProjection() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(1000, 1000);
            float[] first = keep(new DropoutMasks(3), manager, shape, "model.layers.0.mlp.up_proj");
            float[] again = keep(new DropoutMasks(3), manager, shape, "model.layers.0.mlp.up_proj");
            float[] otherProjection = keep(new DropoutMasks(3), manager, shape, "model.layers.1.mlp.up_proj");
            float[] otherSeed = keep(new DropoutMasks(4), manager, shape, "model.layers.0.mlp.up_proj");

            double kept = 0;
            for (float value : first) {
                kept += value;
            }
            // 1e6 Bernoulli(0.9) draws: standard deviation of the mean 3e-4
            assertThat(kept / first.length).isCloseTo(0.9, within(0.002));
            assertThat(again).isEqualTo(first);
            assertThat(otherProjection).isNotEqualTo(first);
            assertThat(otherSeed).isNotEqualTo(first);
        }
    }

    @Test
    void appliedMaskZeroesDroppedElementsAndPassesGradientOnlyThroughKeptOnes() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(64, 48);
            NDArray x = manager.randomNormal(shape);
            x.setRequiresGradient(true);
            float[] mask = keep(new DropoutMasks(11), manager, shape, "q_proj");
            float[] dropped;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = new DropoutMasks(11).apply(x, 0.5f, "q_proj");
                dropped = y.toFloatArray();
                collector.backward(y.mul(manager.full(new Shape(), 3f)).sum());
            }
            float[] input = x.toFloatArray();
            float[] gradient = x.getGradient().toFloatArray();
            for (int i = 0; i < input.length; i++) {
                assertThat(dropped[i]).isEqualTo(mask[i] * input[i]);
                assertThat(gradient[i]).isEqualTo(3f * mask[i]);
            }
        }
    }

    private static float[] keep(DropoutMasks masks, NDManager manager, Shape shape, String projection) {
        float p = shape.size() > 10_000 ? 0.1f : 0.5f;
        return masks.keepMask(manager, shape, p, projection).toType(DataType.FLOAT32, false).toFloatArray();
    }
}
