package io.smolforge.trainer.train;

import ai.djl.Device;
import io.smolforge.trainer.AdapterGradients;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.BatchCollator;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.data.TokenizedJsonl;
import io.smolforge.trainer.lora.LoraAdapter;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.ModelBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting a batch's rows into passes bounds activation memory and leaves the gradients as they were. */
class ActivationBudgetTest {

    @Test
    void passesCoverEveryRowOnceWithinTheBudget() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            ModelBatch batch = batch();
            ActivationBudget probe = new ActivationBudget(model, 1, true);
            long row = model.activationBytes(batch.length());
            assertThat(model.activationBytes(2 * batch.length())).isGreaterThan(2 * row); // attention grows faster than length

            List<ActivationBudget.Pass> twoRows = new ActivationBudget(model, 2 * row, true).passes(batch);
            assertThat(twoRows).extracting(p -> p.batch().rows()).containsExactly(2, 1);
            assertThat(twoRows).noneMatch(ActivationBudget.Pass::recomputeLayers);
            assertThat(twoRows.stream().mapToInt(p -> p.batch().countLabelTokens()).sum()).isEqualTo(batch.countLabelTokens());
            assertThat(twoRows.get(1).batch().length()).as("a pass is cut to its longest row").isLessThan(batch.length());

            assertThat(probe.passes(batch)).hasSize(3).allMatch(ActivationBudget.Pass::recomputeLayers);
            assertThat(new ActivationBudget(model, 1, false).passes(batch))
                    .containsExactly(new ActivationBudget.Pass(batch, false));
        }
    }

    @Test
    void passesRunningAtOnceShareTheBudgetAndEachWorkerGetsOne() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            ModelBatch batch = batch();
            long row = model.activationBytes(batch.length());

            assertThat(new ActivationBudget(model, 2 * row, true, 2, Integer.MAX_VALUE).passes(batch))
                    .as("two at once on a budget of two rows: one row each").extracting(p -> p.batch().rows())
                    .containsExactly(1, 1, 1);
            assertThat(new ActivationBudget(model, 100 * row, true, 2, Integer.MAX_VALUE).passes(batch))
                    .as("a budget for all rows is still split so that both workers have a pass")
                    .extracting(p -> p.batch().rows()).containsExactly(2, 1);
            assertThat(new ActivationBudget(model, 1, false, 2, Integer.MAX_VALUE).passes(batch))
                    .as("without gradient_checkpointing too").extracting(p -> p.batch().rows()).containsExactly(2, 1);
            assertThat(new ActivationBudget(model, row, true, 2, Integer.MAX_VALUE).passes(batch))
                    .as("a row over its half of the budget re-runs its layers")
                    .extracting(ActivationBudget.Pass::recomputeLayers).containsExactly(true, true, true);
            assertThat(new ActivationBudget(model, 100 * row, true, 1, 300).passes(batch))
                    .as("no more rows than reach the tokens per pass (rows of 200 tokens)")
                    .extracting(p -> p.batch().rows()).containsExactly(2, 1);
            assertThat(new ActivationBudget(model, 100 * row, true, 1, 100).passes(batch))
                    .extracting(p -> p.batch().rows()).containsExactly(1, 1, 1);
        }
    }

    @Test
    void gradientsOfSplitPassesEqualThoseOfOnePass() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            LoraAdapter adapter = LoraAdapter.load(model, Golden.path("training/grad_accumulation/adapter_init"));
            ModelBatch batch = batch();
            float divisor = batch.countLabelTokens();
            float whole = model.forwardBackward(batch, divisor, false, 1);
            Map<String, float[]> expected = AdapterGradients.take(adapter);
            for (long budget : new long[] {1, model.activationBytes(batch.length())}) {
                float split = 0;
                for (ActivationBudget.Pass pass : new ActivationBudget(model, budget, true).passes(batch)) {
                    split += model.forwardBackward(pass.batch(), divisor, pass.recomputeLayers(), 1);
                }
                assertThat(split).as("loss with a budget of %d bytes", budget).isCloseTo(whole, org.assertj.core.data.Offset.offset(1e-5f));
                Map<String, float[]> actual = AdapterGradients.take(adapter);
                for (String name : expected.keySet()) {
                    assertThat(AdapterGradients.relativeError(actual.get(name), expected.get(name)))
                            .as("gradient of %s with a budget of %d bytes", name, budget).isLessThan(1e-5);
                }
            }
        }
    }

    /** Three rows: 200, 200 and 182 tokens. */
    private static ModelBatch batch() throws Exception {
        List<TokenizedExample> examples = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
        assertThat(examples.subList(0, 3)).extracting(TokenizedExample::length).containsExactly(200, 200, 182);
        return new BatchCollator(2).collate(examples.subList(0, 3));
    }
}
