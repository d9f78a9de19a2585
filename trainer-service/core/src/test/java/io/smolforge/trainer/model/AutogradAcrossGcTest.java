package io.smolforge.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.BatchCollator;
import io.smolforge.trainer.data.TokenizedJsonl;
import io.smolforge.trainer.lora.LoraAdapter;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DJL 0.36 defect 1: Java-number scalars on an autograd path can be freed by a garbage collection before
 * backward reads them, giving garbage gradients. The model keeps every scalar as a native tensor and every
 * array made from Java data alive until after backward; these checks force collections in between.
 */
class AutogradAcrossGcTest {

    @Test
    void gradientsAreIdenticalWithAndWithoutGcBetweenForwardAndBackward() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            LoraAdapter adapter = LoraAdapter.load(model, Golden.path("training/weight_decay/adapter_init"));
            ModelBatch batch = batch();
            Map<String, float[]> quiet = gradients(model, adapter, batch, false);
            for (int trial = 0; trial < 3; trial++) {
                Map<String, float[]> collected = gradients(model, adapter, batch, true);
                for (String name : quiet.keySet()) {
                    assertThat(collected.get(name)).as("gradient of %s after GC (trial %d)", name, trial)
                            .containsExactly(quiet.get(name));
                }
            }
            assertThat(quiet.values()).allSatisfy(g -> assertThat(norm(g)).isGreaterThan(0).isFinite());
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            LoraAdapter adapter = LoraAdapter.load(model, Golden.path("training/weight_decay/adapter_init"));
            ModelBatch batch = batch();
            String name = "base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight";
            float[] gradient = gradients(model, adapter, batch, true).get(name);
            NDArray a = adapter.parameters().get(name);
            float[] original = a.toFloatArray();
            int[] probes = {0, 17, 300, original.length - 1};
            float h = 1e-2f;
            for (int index : probes) {
                double plus = lossAt(model, a, original, index, h, batch);
                double minus = lossAt(model, a, original, index, -h, batch);
                double numeric = (plus - minus) / (2 * h);
                assertThat(gradient[index]).as("d loss / d A[%d]", index)
                        .isCloseTo((float) numeric, org.assertj.core.data.Offset.offset((float) (2e-3 + 0.02 * Math.abs(numeric))));
            }
            a.set(original);
        }
    }

    private static double lossAt(CausalLanguageModel model, NDArray parameter, float[] original, int index, float delta,
                                 ModelBatch batch) {
        float[] moved = original.clone();
        moved[index] += delta;
        parameter.set(moved);
        try (NDScope scope = new NDScope()) {
            return model.labelLossSum(batch, model.manager(), null).getFloat() / batch.countLabelTokens();
        }
    }

    private static ModelBatch batch() throws Exception {
        var examples = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
        return new BatchCollator(2).collate(List.of(examples.get(0), examples.get(2)));
    }

    /** Forward, (optionally) several full collections with garbage in between, backward; returns copies of the gradients. */
    private static Map<String, float[]> gradients(CausalLanguageModel model, LoraAdapter adapter, ModelBatch batch,
                                                  boolean collectGarbage) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = model.labelLossSum(batch, model.manager(), TrainingPass.of(7))
                    .div(model.manager().full(new ai.djl.ndarray.types.Shape(), batch.countLabelTokens()));
            if (collectGarbage) {
                for (int i = 0; i < 5; i++) {
                    byte[][] garbage = new byte[256][];
                    for (int j = 0; j < garbage.length; j++) {
                        garbage[j] = new byte[64 * 1024];
                    }
                    System.gc();
                    System.runFinalization();
                }
            }
            collector.backward(loss);
        }
        adapter.parameters().forEach((name, p) -> {
            try (NDArray g = p.getGradient()) {
                gradients.put(name, g.toFloatArray());
            }
            JniUtils.zeroGrad((PtNDArray) p);
        });
        return gradients;
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
