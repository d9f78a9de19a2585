package io.smolforge.trainer.train;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.BatchCollator;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.data.TokenizedJsonl;
import io.smolforge.trainer.lora.LoraAdapter;
import io.smolforge.trainer.lora.LoraConfig;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.ModelBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passes run at once add up to the same step, bit for bit, as passes run one after another. */
class PassRunnerTest {

    @Test
    void concurrentPassesGiveTheGradientsOfSequentialOnes() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            LoraAdapter adapter = adapterWithDropout(model);
            List<PassRunner.Work> passes = passes();
            float divisor = passes.stream().mapToInt(w -> w.batch().countLabelTokens()).sum();

            Step accumulated = step(new PassRunner(model, adapter.parameters(), false, 1, 1), passes, divisor);
            Step oneWorker = step(new PassRunner(model, adapter.parameters(), true, 1, 1), passes, divisor);
            Step twoWorkers = step(new PassRunner(model, adapter.parameters(), true, 2, 1), passes, divisor);
            Step threeWorkers = step(new PassRunner(model, adapter.parameters(), true, 3, 1), passes, divisor);

            assertThat(accumulated.loss()).isGreaterThan(0);
            assertThat(accumulated.gradients().values()).allMatch(g -> norm(g) > 0);
            for (Step other : List.of(oneWorker, twoWorkers, threeWorkers)) {
                assertThat(other.loss()).isEqualTo(accumulated.loss());
                for (String name : accumulated.gradients().keySet()) {
                    assertThat(other.gradients().get(name)).as(name).containsExactly(accumulated.gradients().get(name));
                }
            }
        }
    }

    @Test
    void aFailingPassFailsTheStepAndTheRunnerCarriesOn() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu());
             PassRunner runner = new PassRunner(model, LoraAdapter.load(model,
                     Golden.path("training/grad_accumulation/adapter_init")).parameters(), true, 2, 1)) {
            List<PassRunner.Work> passes = new ArrayList<>(passes());
            long[] ids = new long[8];
            java.util.Arrays.fill(ids, model.config().vocabSize() + 10L); // no such token: the embedding lookup fails
            ModelBatch bad = new BatchCollator(2).collate(List.of(new TokenizedExample(ids, null)));
            passes.add(1, new PassRunner.Work(bad, false, 9));

            assertThatThrownBy(() -> runner.run(passes, 100f)).isInstanceOf(EngineException.class);
            try (PassRunner.Result result = runner.run(passes(), 100f)) {
                assertThat(result.loss()).isGreaterThan(0);
            }
        }
    }

    @Test
    void fullFineTuningRunsOnePassAtATime() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            Map<String, ai.djl.ndarray.NDArray> weights = io.smolforge.trainer.model.ModelExport.namedWeights(model);
            assertThatThrownBy(() -> PassRunner.create(model, weights, false, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrent_passes");
            try (PassRunner runner = PassRunner.create(model, weights, false, null)) {
                assertThat(runner.workers()).isEqualTo(1);
            }
        }
    }

    /** A fresh adapter with dropout, its B made non-zero so that every tensor gets a gradient. */
    private static LoraAdapter adapterWithDropout(CausalLanguageModel model) {
        LoraAdapter adapter = LoraAdapter.attachNew(model, LoraConfig.of(4, 8, 0.3, List.of(LoraConfig.ALL_LINEAR)), 5);
        Random random = new Random(3);
        adapter.parameters().forEach((name, p) -> {
            if (name.contains("lora_B")) {
                float[] values = new float[Math.toIntExact(p.getShape().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian() * 0.1f;
                }
                p.set(values);
            }
        });
        return adapter;
    }

    private record Step(double loss, Map<String, float[]> gradients) {
    }

    private static Step step(PassRunner runner, List<PassRunner.Work> passes, float divisor) {
        try (runner; PassRunner.Result result = runner.run(passes, divisor)) {
            Map<String, float[]> gradients = new LinkedHashMap<>();
            result.gradients().forEach((name, g) -> gradients.put(name, g.toFloatArray()));
            return new Step(result.loss(), gradients);
        }
    }

    /** Four passes of one or two rows, with dropout seeds of their own. */
    private static List<PassRunner.Work> passes() throws Exception {
        List<TokenizedExample> examples = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
        BatchCollator collator = new BatchCollator(2);
        return List.of(
                new PassRunner.Work(collator.collate(examples.subList(0, 1)), false, 1),
                new PassRunner.Work(collator.collate(examples.subList(1, 3)), false, 2),
                new PassRunner.Work(collator.collate(examples.subList(3, 4)), true, 3),
                new PassRunner.Work(collator.collate(examples.subList(0, 2)), false, 4));
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
