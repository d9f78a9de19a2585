package io.smolforge.trainer.score;

import ai.djl.Device;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.model.CausalLanguageModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceScorerTest {

    private static final long IM_START = 3;

    /** The reference loss covers the last turn (the assistant's) from its {@code <|im_start|>} on; see golden/README.md. */
    static long[] assistantTurnLabels(long[] ids) {
        long[] labels = ids.clone();
        int start = ids.length - 1;
        while (ids[start] != IM_START) {
            start--;
        }
        java.util.Arrays.fill(labels, 0, start, -100L);
        return labels;
    }

    @Test
    void logitsAndLossMatchTransformers() throws Exception {
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu());
             SafetensorsReader reference = SafetensorsReader.open(Golden.path("logits.safetensors"))) {
            SequenceScorer scorer = new SequenceScorer(model);
            for (int k = 0; k < 3; k++) {
                long[] ids = reference.longs("input_ids_" + k);
                SequenceScorer.Score score = scorer.score(new TokenizedExample(ids, assistantTurnLabels(ids)));
                float[] expected = reference.floats("logits_" + k);
                assertThat(score.logits()).hasSameSizeAs(expected);
                double maxDiff = 0;
                for (int i = 0; i < expected.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(expected[i] - score.logits()[i]));
                }
                float expectedLoss = reference.floats("loss_" + k)[0];
                System.out.printf("sequence %d: max |logit diff| %.3g, loss %.7f vs %.7f%n", k, maxDiff, score.loss(), expectedLoss);
                assertThat(maxDiff).as("max-abs logits difference, sequence %d", k).isLessThan(1e-4);
                assertThat((double) Math.abs(score.loss() - expectedLoss) / expectedLoss).isLessThan(1e-5);
            }
        }
    }
}
