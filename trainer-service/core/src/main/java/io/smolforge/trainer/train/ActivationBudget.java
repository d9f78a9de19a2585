package io.smolforge.trainer.train;

import io.smolforge.api.spec.SmolForgeSettings;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.ModelBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a micro-batch into forward/backward passes whose activations fit a memory budget: what TRL's
 * {@code gradient_checkpointing} is for, at less cost. TRL bounds activation memory by re-running every layer
 * during backward (a third more compute on a CPU); here the rows of a micro-batch go through the model a few at
 * a time instead. Each pass's loss sum is divided by the label tokens of the whole step, so the passes' gradients
 * add up to the micro-batch's (up to float rounding). Only a row that does not fit on its own has its layers
 * re-run ({@link CausalLanguageModel#forwardBackward}). What a row keeps is {@link CausalLanguageModel#activationBytes}.
 */
public final class ActivationBudget {

    /** One forward/backward pass: some rows of a micro-batch, and whether its layers are re-run in backward. */
    public record Pass(ModelBatch batch, boolean recomputeLayers) {
    }

    /**
     * Default budget, 1 GiB: three 512-token rows of the 27M benchmark model (whose step TRL runs at a 2.4 GB peak)
     * in one pass, or one row in each of two passes at once; a 2,048-token row of SmolLM3-3B (~30 GB) re-runs its
     * layers as TRL would.
     */
    public static final long DEFAULT_BYTES = (long) SmolForgeSettings.DEFAULT_ACTIVATION_MEMORY_MB << 20;

    /**
     * Tokens per pass on a CPU: about a thousand already keep the matrix products at full speed, and bigger passes
     * only spill the caches (the tiny model trains 10% faster in 2-row passes than in 4-row ones, at two thirds of
     * the memory). A GPU takes passes as big as the budget allows.
     */
    public static final int CPU_PASS_TOKENS = 1024;

    private final CausalLanguageModel model;
    private final long bytes;
    private final boolean bounded;
    private final int passesAtOnce;
    private final int tokensPerPass;

    /**
     * @param model         the model with its adapter (if any) attached: what it trains decides what backward keeps
     * @param bytes         the most activation memory the passes running at once may keep for backward
     * @param bounded       {@code gradient_checkpointing}: false sets no bound (layers are never re-run), as in TRL
     * @param passesAtOnce  how many passes run at the same time ({@link PassRunner}'s workers): they share the
     *                      budget, and a micro-batch is split into at least that many passes so that every worker has one
     * @param tokensPerPass a pass takes no more rows than needed to reach this many tokens (at least one row)
     */
    public ActivationBudget(CausalLanguageModel model, long bytes, boolean bounded, int passesAtOnce, int tokensPerPass) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the activation memory budget must be positive, got " + bytes);
        }
        if (passesAtOnce < 1 || tokensPerPass < 1) {
            throw new IllegalArgumentException("passes at once and tokens per pass must be >= 1, got " + passesAtOnce
                    + " and " + tokensPerPass);
        }
        this.model = model;
        this.bytes = bytes;
        this.bounded = bounded;
        this.passesAtOnce = passesAtOnce;
        this.tokensPerPass = tokensPerPass;
    }

    /** One pass at a time, as large as the budget allows. */
    public ActivationBudget(CausalLanguageModel model, long bytes, boolean bounded) {
        this(model, bytes, bounded, 1, Integer.MAX_VALUE);
    }

    public List<Pass> passes(ModelBatch batch) {
        int atOnce = Math.min(passesAtOnce, batch.rows());
        int rowsPerPass = Math.min((batch.rows() + atOnce - 1) / atOnce,
                (int) Math.max(1, (tokensPerPass + (long) batch.length() - 1) / batch.length()));
        long share = bytes / atOnce;
        if (bounded) {
            rowsPerPass = (int) Math.max(1, Math.min(rowsPerPass, share / model.activationBytes(batch.length())));
        }
        List<Pass> passes = new ArrayList<>();
        for (int from = 0; from < batch.rows(); from += rowsPerPass) {
            ModelBatch rows = rowsPerPass == batch.rows() ? batch : batch.slice(from, Math.min(batch.rows(), from + rowsPerPass));
            passes.add(new Pass(rows, bounded && model.activationBytes(rows.length()) > share));
        }
        return passes;
    }
}
