package io.smolforge.trainer.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.trainer.Golden;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Three LoRA AdamW steps against peft + torch (golden/lora_step_parity, see golden/README.md). */
class LoraStepParityTest {

    @Test
    void threeAdamWStepsMatchPeftAndTorch() throws Exception {
        Path fixture = Golden.path("lora_step_parity");
        try (SftTrainer trainer = SftTrainer.builder()
                .model(Golden.tinyModel())
                .trainDataset(fixture.resolve("batch.jsonl"))
                .config(JobSpecParser.parse(fixture.resolve("sft.yaml")))
                .initAdapter(fixture.resolve("adapter_init"))
                .device(Device.cpu())
                .build()) {
            List<Double> losses = trainer.train();
            JsonNode expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile()).get("losses");
            assertThat(losses).hasSize(expected.size());
            for (int i = 0; i < losses.size(); i++) {
                double relative = Math.abs(losses.get(i) - expected.get(i).asDouble()) / expected.get(i).asDouble();
                System.out.printf("step %d: loss %.7f vs %.7f (relative %.2e)%n", i + 1, losses.get(i), expected.get(i).asDouble(), relative);
                assertThat(relative).as("relative loss error at step %d", i + 1).isLessThan(1e-4);
            }
            assertAdapterMatches(trainer.adapter().parameters(), fixture.resolve("adapter_after"), 1e-3);
        }
    }

    /** Every tensor within the relative Frobenius error ||actual - expected|| / ||expected||. */
    static void assertAdapterMatches(Map<String, NDArray> actual, Path expectedDir, double tolerance) throws Exception {
        try (SafetensorsReader expected = SafetensorsReader.open(expectedDir.resolve("adapter_model.safetensors"))) {
            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.names());
            double worst = 0;
            String worstName = "";
            for (Map.Entry<String, NDArray> entry : actual.entrySet()) {
                double error = relativeFrobenius(entry.getValue().toFloatArray(), expected.floats(entry.getKey()));
                if (error > worst) {
                    worst = error;
                    worstName = entry.getKey();
                }
                assertThat(error).as("relative Frobenius error of %s", entry.getKey()).isLessThan(tolerance);
            }
            System.out.printf("worst adapter tensor: %s, relative Frobenius error %.2e%n", worstName, worst);
        }
    }

    static double relativeFrobenius(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    }
}
