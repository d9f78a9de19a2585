package io.smolforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.BatchCollator;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.data.TokenizedJsonl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Padding-free packed rows: block-diagonal attention keeps sequences apart, so the loss equals the unpacked loss. */
class PackedSequencesTest {

    @Test
    void packedRowGivesTheSameLossAsPaddedRows() throws Exception {
        List<TokenizedExample> examples = TokenizedJsonl.read(Golden.path("lora_step_parity/batch.jsonl"));
        TokenizedExample first = examples.get(2);
        TokenizedExample second = examples.get(0);
        TokenizedExample third = examples.get(1);
        TokenizedExample packed = BatchCollator.concatenate(List.of(first, second, third));
        BatchCollator collator = new BatchCollator(2);
        ModelBatch padded = collator.collate(List.of(first, second, third));
        ModelBatch packedBatch = collator.collate(List.of(packed));
        assertThat(packedBatch.countLabelTokens()).isEqualTo(padded.countLabelTokens());
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu());
             NDScope scope = new NDScope()) {
            float paddedLoss = model.labelLossSum(padded, model.manager(), null).getFloat();
            float packedLoss = model.labelLossSum(packedBatch, model.manager(), null).getFloat();
            assertThat((double) Math.abs(packedLoss - paddedLoss) / paddedLoss).isLessThan(1e-5);

            // without the block-diagonal mask (one long sequence) the loss would differ
            TokenizedExample leaky = new TokenizedExample(packed.inputIds(), packed.labels());
            float leakyLoss = model.labelLossSum(collator.collate(List.of(leaky)), model.manager(), null).getFloat();
            assertThat((double) Math.abs(leakyLoss - paddedLoss) / paddedLoss).isGreaterThan(1e-3);
        }
    }
}
