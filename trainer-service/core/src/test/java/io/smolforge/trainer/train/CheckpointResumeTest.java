package io.smolforge.trainer.train;

import ai.djl.Device;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.data.TokenizedJsonl;
import io.smolforge.trainer.lora.LoraConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run that stops after a checkpoint and resumes must end exactly where an uninterrupted run ends. */
class CheckpointResumeTest {

    @TempDir
    Path temp;

    private static TrainingArguments arguments() {
        return TrainingArguments.defaults()
                .withBatching(2, 2, "random", 128)
                .withOptimizer(3e-3, "cosine", 1, 0.01, 1.0)
                .withLora(LoraConfig.of(4, 8, 0.1, List.of("q_proj", "v_proj", "down_proj")))
                .withMaxSteps(4)
                .withSaveSteps(2);
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        List<TokenizedExample> data = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
        Path straight = temp.resolve("straight");
        Map<String, float[]> expected;
        try (SftTrainer trainer = SftTrainer.builder().model(Golden.tinyModel()).trainDataset(data)
                .args(arguments()).outputDir(straight).device(Device.cpu())
                .baseModelName("HuggingFaceTB/SmolLM3-3B-Base").build()) {
            trainer.train();
            expected = snapshot(trainer);
        }
        assertThat(Files.readString(straight.resolve("adapter_config.json")))
                .as("PEFT records the name the base model was loaded by")
                .contains("\"base_model_name_or_path\" : \"HuggingFaceTB/SmolLM3-3B-Base\"");
        Path checkpoint = straight.resolve("checkpoint-2");
        assertThat(checkpoint.resolve("adapter_model.safetensors")).exists();
        assertThat(checkpoint.resolve(SftTrainer.OPTIMIZER_FILE)).exists();
        assertThat(TrainerState.read(checkpoint).globalStep()).isEqualTo(2);

        List<Integer> resumedSteps = new ArrayList<>();
        try (SftTrainer trainer = SftTrainer.builder().model(Golden.tinyModel()).trainDataset(data)
                .args(arguments()).outputDir(temp.resolve("resumed")).resumeFrom(checkpoint).device(Device.cpu())
                .callback(new TrainingCallback() {
                    @Override
                    public void onStep(StepResult step) {
                        resumedSteps.add(step.step());
                    }
                })
                .build()) {
            trainer.train();
            assertThat(resumedSteps).containsExactly(3, 4);
            Map<String, float[]> resumed = snapshot(trainer);
            for (String name : expected.keySet()) {
                assertThat(resumed.get(name)).as(name).containsExactly(expected.get(name));
            }
        }
        List<String> log = Files.readAllLines(straight.resolve(SftTrainer.LOG_FILE));
        assertThat(log).isNotEmpty();
        assertThat(log.get(log.size() - 1)).contains("\"step\":4", "\"loss\"", "\"learning_rate\"", "\"grad_norm\"",
                "\"tokens_per_second\"", "\"elapsed_seconds\"", "\"epoch\"");
    }

    private static Map<String, float[]> snapshot(SftTrainer trainer) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        trainer.adapter().parameters().forEach((name, array) -> values.put(name, array.toFloatArray()));
        return values;
    }
}
