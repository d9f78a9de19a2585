package io.smolforge.trainer.model;

import ai.djl.Device;
import io.smolforge.trainer.AdapterGradients;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.BatchCollator;
import io.smolforge.trainer.data.TokenizedJsonl;
import io.smolforge.trainer.lora.LoraAdapter;
import io.smolforge.trainer.lora.LoraConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Recomputing each layer during backward gives the gradients of the ordinary backward pass. */
class GradientCheckpointingTest {

    @Test
    void checkpointedBackwardEqualsPlainBackward() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            LoraAdapter adapter = LoraAdapter.load(model, Golden.path("training/grad_accumulation/adapter_init"));
            var examples = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
            ModelBatch batch = new BatchCollator(2).collate(List.of(examples.get(1), examples.get(2)));
            float plainLoss = model.forwardBackward(batch, 100f, false, 1);
            Map<String, float[]> plain = AdapterGradients.take(adapter);
            float checkpointedLoss = model.forwardBackward(batch, 100f, true, 1);
            Map<String, float[]> checkpointed = AdapterGradients.take(adapter);
            assertThat(checkpointedLoss).isCloseTo(plainLoss, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(plain).hasSize(4 * 7 * 2);
            for (String name : plain.keySet()) {
                assertThat(AdapterGradients.relativeError(checkpointed.get(name), plain.get(name)))
                        .as("relative error of the gradient of %s", name).isLessThan(1e-5);
            }
        }
    }

    @Test
    void reRunLayersDrawTheSameDropoutMasks() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            LoraAdapter adapter = LoraAdapter.attachNew(model, LoraConfig.of(4, 8, 0.3, List.of(LoraConfig.ALL_LINEAR)), 5);
            var examples = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
            ModelBatch batch = new BatchCollator(2).collate(List.of(examples.get(1), examples.get(2)));
            model.forwardBackward(batch, 100f, false, 1);
            Map<String, float[]> plain = AdapterGradients.take(adapter);
            model.forwardBackward(batch, 100f, true, 1);
            Map<String, float[]> checkpointed = AdapterGradients.take(adapter);
            model.forwardBackward(batch, 100f, true, 2);
            Map<String, float[]> otherMasks = AdapterGradients.take(adapter);
            for (String name : plain.keySet()) {
                if (name.contains("lora_B")) { // B starts at zero, so only B has a gradient in the first step
                    assertThat(checkpointed.get(name)).as(name).containsExactly(plain.get(name),
                            org.assertj.core.data.Offset.offset(1e-6f));
                    assertThat(otherMasks.get(name)).as("%s with other dropout masks", name).isNotEqualTo(plain.get(name));
                }
            }
        }
    }
}
