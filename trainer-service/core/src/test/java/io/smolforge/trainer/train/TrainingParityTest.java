package io.smolforge.trainer.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.model.ModelExport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient accumulation, clipping (with warm-up + cosine), weight decay (with linear decay) and full
 * fine-tuning against torch + peft (golden/training, made by src/test/python/make_training_fixtures.py).
 */
class TrainingParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"grad_accumulation", "clipping", "weight_decay", "full_finetune"})
    void matchesTorch(String name) throws Exception {
        Path fixture = Golden.path("training/" + name);
        List<TrainingCallback.StepResult> steps = new ArrayList<>();
        SftTrainer.Builder builder = SftTrainer.builder()
                .model(Golden.tinyModel())
                .trainDataset(fixture.resolve("batch.jsonl"))
                .config(JobSpecParser.parse(fixture.resolve("sft.yaml")))
                .device(Device.cpu())
                .callback(new TrainingCallback() {
                    @Override
                    public void onStep(StepResult step) {
                        steps.add(step);
                    }
                });
        if (Files.isDirectory(fixture.resolve("adapter_init"))) {
            builder.initAdapter(fixture.resolve("adapter_init"));
        }
        try (SftTrainer trainer = builder.build()) {
            trainer.train();
            JsonNode expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile());
            assertThat(steps).hasSize(expected.get("losses").size());
            for (int i = 0; i < steps.size(); i++) {
                double loss = expected.get("losses").get(i).asDouble();
                double norm = expected.get("grad_norms").get(i).asDouble();
                System.out.printf("%s step %d: loss %.7f vs %.7f, grad_norm %.6f vs %.6f%n", name, i + 1,
                        steps.get(i).loss(), loss, steps.get(i).gradNorm(), norm);
                assertThat(Math.abs(steps.get(i).loss() - loss) / loss).as("loss at step %d", i + 1).isLessThan(1e-4);
                assertThat(Math.abs(steps.get(i).gradNorm() - norm) / norm).as("grad norm at step %d", i + 1).isLessThan(1e-3);
            }
            if (trainer.adapter() != null) {
                LoraStepParityTest.assertAdapterMatches(trainer.adapter().parameters(), fixture.resolve("adapter_after"), 1e-3);
            } else {
                assertWeightsMatch(ModelExport.namedWeights(trainer.model()), fixture.resolve("model_after.safetensors"));
            }
        }
    }

    private static void assertWeightsMatch(Map<String, NDArray> actual, Path expectedFile) throws Exception {
        try (SafetensorsReader expected = SafetensorsReader.open(expectedFile)) {
            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.names());
            double worst = 0;
            for (Map.Entry<String, NDArray> entry : actual.entrySet()) {
                double error = LoraStepParityTest.relativeFrobenius(entry.getValue().toFloatArray(), expected.floats(entry.getKey()));
                worst = Math.max(worst, error);
                assertThat(error).as("relative Frobenius error of %s", entry.getKey()).isLessThan(1e-3);
            }
            System.out.printf("full fine-tuning: worst weight relative Frobenius error %.2e%n", worst);
        }
    }
}
