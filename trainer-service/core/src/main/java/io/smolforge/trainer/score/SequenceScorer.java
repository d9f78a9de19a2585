package io.smolforge.trainer.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.smolforge.api.safetensors.SafetensorsWriter;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.data.TokenizedJsonl;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.ModelBatch;

/**
 * Computes the logits and the mean next-token loss of single sequences, as
 * {@code model(input_ids, labels=labels)} does in transformers (labels default to input_ids).
 */
public final class SequenceScorer {

    /** logits is row-major [length, vocab]; loss is NaN when no label token remains after shifting. */
    public record Score(float[] logits, int length, int vocab, float loss) {
    }

    private final CausalLanguageModel model;

    public SequenceScorer(CausalLanguageModel model) {
        this.model = model;
    }

    public Score score(TokenizedExample example) {
        long[] ids = example.inputIds();
        long[] labels = example.effectiveLabels();
        ModelBatch batch = ModelBatch.single(ids, labels);
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray hidden = model.hiddenStates(batch, scope, null);
            NDArray logits = model.logits(hidden);
            float[] values = logits.toFloatArray();
            int vocab = (int) logits.getShape().get(1);
            float loss = meanLoss(logits.logSoftmax(-1), labels, scope);
            return new Score(values, ids.length, vocab, loss);
        }
    }

    /**
     * Scores every line of a JSON-lines file of {@code {"input_ids": [...], "labels": [...]?}} and writes
     * {@code input_ids_K} (I64), {@code logits_K} (F32 [len, vocab]) and {@code loss_K} (F32 [1]) for
     * line K (0-based line index), the layout of transformers' reference logits file.
     */
    public int scoreFile(Path input, Path output) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
        int scored = 0;
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).isBlank()) {
                continue;
            }
            TokenizedExample example = TokenizedJsonl.parse(lines.get(k), input + ":" + (k + 1));
            Score score = score(example);
            writer.putLongs("input_ids_" + k, example.inputIds(), example.length());
            writer.putFloats("logits_" + k, score.logits(), score.length(), score.vocab());
            writer.putFloats("loss_" + k, new float[] {score.loss()}, 1);
            scored++;
        }
        writer.write(output);
        return scored;
    }

    private static float meanLoss(NDArray logProbabilities, long[] labels, NDManager scope) {
        int count = 0;
        for (int t = 1; t < labels.length; t++) {
            if (labels[t] != ModelBatch.IGNORE_INDEX) {
                count++;
            }
        }
        if (count == 0) {
            return Float.NaN;
        }
        long[] positions = new long[count];
        long[] targets = new long[count];
        for (int t = 1, i = 0; t < labels.length; t++) {
            if (labels[t] != ModelBatch.IGNORE_INDEX) {
                positions[i] = t - 1;
                targets[i++] = labels[t];
            }
        }
        NDArray picked = logProbabilities.get(scope.create(positions))
                .gather(scope.create(targets, new Shape(count, 1)), 1);
        double sum = 0;
        for (float value : picked.toFloatArray()) {
            sum -= value;
        }
        return (float) (sum / count);
    }
}
