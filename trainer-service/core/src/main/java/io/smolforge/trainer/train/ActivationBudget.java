package io.smolforge.trainer.train;

import io.smolforge.trainer.lora.LoraConfig;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.ModelBatch;
import io.smolforge.trainer.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a micro-batch into forward/backward passes whose activations fit a memory budget: what TRL's
 * {@code gradient_checkpointing} is for, at less cost. TRL bounds activation memory by re-running every layer
 * during backward (a third more compute on a CPU); here the rows of a micro-batch go through the model a few at
 * a time instead. Each pass's loss sum is divided by the label tokens of the whole step, so the passes' gradients
 * add up to the micro-batch's (up to float rounding). Only a row that does not fit on its own has its layers
 * re-run ({@link CausalLanguageModel#forwardBackward}).
 */
public final class ActivationBudget {

    /** One forward/backward pass: some rows of a micro-batch, and whether its layers are re-run in backward. */
    public record Pass(ModelBatch batch, boolean recomputeLayers) {
    }

    /**
     * Default budget, 1 GiB: three 512-token rows of the 27M benchmark model per pass (whose step TRL runs at a
     * 2.4 GB peak), while a 2,048-token row of SmolLM3-3B (~30 GB) re-runs its layers as TRL would.
     */
    public static final long DEFAULT_BYTES = 1024L << 20;

    private final ModelConfig config;
    private final LoraConfig lora;
    private final long bytes;
    private final boolean bounded;

    /**
     * @param lora    the adapter being trained, {@code null} for full fine-tuning
     * @param bytes   the most activation memory one pass may keep for backward
     * @param bounded {@code gradient_checkpointing}: false keeps the whole micro-batch's activations, as TRL does
     */
    public ActivationBudget(ModelConfig config, LoraConfig lora, long bytes, boolean bounded) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the activation memory budget must be positive, got " + bytes);
        }
        this.config = config;
        this.lora = lora;
        this.bytes = bytes;
        this.bounded = bounded;
    }

    public List<Pass> passes(ModelBatch batch) {
        if (!bounded) {
            return List.of(new Pass(batch, false));
        }
        long perRow = rowBytes(batch.length());
        int rowsPerPass = (int) Math.max(1, Math.min(batch.rows(), bytes / perRow));
        List<Pass> passes = new ArrayList<>();
        for (int from = 0; from < batch.rows(); from += rowsPerPass) {
            ModelBatch rows = rowsPerPass == batch.rows() ? batch : batch.slice(from, Math.min(batch.rows(), from + rowsPerPass));
            passes.add(new Pass(rows, rowBytes(rows.length()) > bytes));
        }
        return passes;
    }

    /**
     * An estimate of what autograd keeps for backward for one row of {@code length} tokens, counted from the
     * tensors {@link CausalLanguageModel}'s graph saves per token and layer: the residual stream twice, the
     * scaled queries, keys, values, the attention probabilities (causal blocks of 128 queries), four
     * intermediate-size MLP tensors, and per LoRA projection its dropped-out input (float) and mask (byte); full
     * fine-tuning keeps the inputs of the base matrix products instead. Plus the log-probabilities of lm_head.
     */
    long rowBytes(int length) {
        long hidden = config.hiddenSize();
        long intermediate = config.intermediateSize();
        long queries = (long) config.numAttentionHeads() * config.headDim();
        long keyValues = (long) config.numKeyValueHeads() * config.headDim();
        long keysPerQuery = Math.min(length, (length + 128L) / 2);
        long floats = 2 * hidden + queries + 2 * keyValues + 4 * intermediate + config.numAttentionHeads() * keysPerQuery;
        long maskBytes = 0;
        if (lora != null) {
            floats += 6 * hidden + intermediate + 7L * lora.r();
            maskBytes = lora.dropout() > 0 ? 6 * hidden + intermediate : 0;
        } else {
            floats += 5 * hidden + intermediate;
        }
        long perToken = config.numHiddenLayers() * (4 * floats + maskBytes) + 4L * config.vocabSize();
        return perToken * length;
    }
}
