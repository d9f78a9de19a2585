package io.smolforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SmolLM3 / Llama as transformers computes it, on DJL's PyTorch engine, in float32.
 *
 * <pre>
 * h = embed_tokens[input_ids]
 * for each layer:
 *     h = h + o_proj(attention(rope(q_proj(norm(h))), rope(k_proj(norm(h))), v_proj(norm(h))))   # NoPE layers skip rope
 *     h = h + down_proj(silu(gate_proj(norm(h))) * up_proj(norm(h)))
 * logits = lm_head(norm(h))
 * </pre>
 *
 * Attention is grouped-query: the query heads of one key/value head are laid out as one extra axis
 * ([rows, kv_heads, groups, length, head_dim]) so keys and values are never repeated. One additive mask
 * per batch makes it causal, ignores right padding, and keeps packed sequences apart (block-diagonal).
 *
 * <p>Every scalar on the autograd path is a native 0-d tensor owned by the model: DJL 0.36 turns Java
 * {@code Number} operands into short-lived tensors whose memory a garbage collection can reuse before
 * backward runs (see DJL.md, defect 1).
 */
public final class CausalLanguageModel implements AutoCloseable {

    /** One transformer block's weights. */
    public record DecoderLayer(int index, boolean useRope, NDArray inputNorm, NDArray postAttentionNorm,
                               Projection q, Projection k, Projection v, Projection o,
                               Projection gate, Projection up, Projection down) {

        public List<Projection> projections() {
            return List.of(q, k, v, o, gate, up, down);
        }
    }

    /** Query rows per attention block (see causalAttention). */
    private static final long ATTENTION_BLOCK = 128;
    /** Label rows per lm_head + log-softmax block (see labelLossSum). */
    private static final int LOSS_BLOCK = 1024;

    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray embedTokens;
    private final List<DecoderLayer> layers;
    private final NDArray finalNorm;
    private final NDArray lmHead;
    private final float[] inverseFrequencies;
    private final NDArray rmsEpsilon;
    private final NDArray attentionScale;

    CausalLanguageModel(ModelConfig config, NDManager manager, NDArray embedTokens, List<DecoderLayer> layers,
                        NDArray finalNorm, NDArray lmHead) {
        this.config = config;
        this.manager = manager;
        this.embedTokens = embedTokens;
        this.layers = List.copyOf(layers);
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        this.inverseFrequencies = config.rope().inverseFrequencies(config.headDim());
        this.rmsEpsilon = constant((float) config.rmsNormEps());
        this.attentionScale = constant((float) Math.pow(config.headDim(), -0.5));
    }

    /** Loads config.json and the safetensors weights of a Hugging Face model directory onto a device. */
    public static CausalLanguageModel load(Path modelDir, Device device) throws IOException {
        return ModelWeightsLoader.load(modelDir, device);
    }

    /** A native 0-d float tensor owned by the model (safe to use on an autograd path). */
    public NDArray constant(float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }

    public ModelConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    public NDArray embedTokens() {
        return embedTokens;
    }

    public List<DecoderLayer> layers() {
        return layers;
    }

    public NDArray finalNorm() {
        return finalNorm;
    }

    public NDArray lmHead() {
        return lmHead;
    }

    public boolean tiedEmbeddings() {
        return lmHead == embedTokens;
    }

    public List<Projection> projections() {
        List<Projection> all = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            all.addAll(layer.projections());
        }
        return all;
    }

    /**
     * Runs the transformer and returns the final-normed hidden states [rows, length, hidden]. Arrays made
     * here belong to the caller's {@link ai.djl.ndarray.NDScope} (or to the batch's manager).
     */
    public NDArray hiddenStates(ModelBatch batch, NDManager scope, boolean training) {
        int rows = batch.rows();
        int length = batch.length();
        NDArray ids = scope.create(batch.inputIds(), new Shape(rows, length));
        NDArray h = embedTokens.get(ids);
        NDArray mask = attentionMask(batch, scope);
        NDArray[] rotary = rotaryTables(batch, scope);
        for (DecoderLayer layer : layers) {
            NDArray input = h;
            h = keepOnly(() -> decoderLayer(layer, input, mask, rotary, training));
        }
        NDArray last = h;
        return keepOnly(() -> rmsNorm(last, finalNorm));
    }

    private NDArray decoderLayer(DecoderLayer layer, NDArray x, NDArray mask, NDArray[] rotary, boolean training) {
        NDArray h = x.add(attention(layer, rmsNorm(x, layer.inputNorm()), mask, rotary, training));
        NDArray normed = rmsNorm(h, layer.postAttentionNorm());
        NDArray gated = layer.gate().forward(normed, training);
        NDArray mlp = gated.mul(Activation.sigmoid(gated)).mul(layer.up().forward(normed, training));
        return h.add(layer.down().forward(mlp, training));
    }

    /**
     * Runs {@code step} in its own scope and closes every array it made except the result, which moves to
     * the caller's scope. Autograd holds its own references to what backward needs, so this only drops
     * Java's handles early (PyTorch frees intermediates the same way when Python's references go); arrays
     * made from Java data are created outside and stay alive until after backward.
     */
    private static NDArray keepOnly(java.util.function.Supplier<NDArray> step) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            result = step.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    /** Logits [..., vocab] for hidden states [..., hidden]. */
    public NDArray logits(NDArray hidden) {
        return Linear.linear(hidden, lmHead).singletonOrThrow();
    }

    /**
     * The summed next-token cross-entropy over the batch's label tokens, a 0-d tensor on the autograd path.
     * Only the hidden states of positions that predict a label go through lm_head and the softmax.
     * Returns {@code null} when the batch has no label token.
     */
    public NDArray labelLossSum(ModelBatch batch, NDManager scope, boolean training) {
        int count = batch.countLabelTokens();
        if (count == 0) {
            return null;
        }
        long[] positions = new long[count];
        long[] targets = new long[count];
        int length = batch.length();
        int i = 0;
        for (int r = 0; r < batch.rows(); r++) {
            for (int t = 1; t < length; t++) {
                long label = batch.labels()[r * length + t];
                if (label != ModelBatch.IGNORE_INDEX && !batch.startsSequence(r, t)) {
                    positions[i] = (long) r * length + t - 1;
                    targets[i++] = label;
                }
            }
        }
        NDArray hidden = hiddenStates(batch, scope, training).reshape(-1, config.hiddenSize());
        // lm_head and the softmax run over blocks of label rows: only one block of [rows, vocab] is in flight
        NDArray total = null;
        for (int from = 0; from < count; from += LOSS_BLOCK) {
            int to = Math.min(count, from + LOSS_BLOCK);
            NDArray positionIndex = scope.create(java.util.Arrays.copyOfRange(positions, from, to));
            NDArray targetIndex = scope.create(java.util.Arrays.copyOfRange(targets, from, to), new Shape(to - from, 1));
            NDArray block = keepOnly(() -> logits(hidden.get(positionIndex)).logSoftmax(-1).gather(targetIndex, 1).sum());
            total = total == null ? block : total.add(block);
        }
        return total.neg();
    }

    /** transformers' RMSNorm: {@code weight * x / sqrt(mean(x^2) + eps)}. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.mul(x).mean(new int[] {-1}, true);
        return weight.mul(x.div(variance.add(rmsEpsilon).sqrt()));
    }

    private NDArray attention(DecoderLayer layer, NDArray x, NDArray mask, NDArray[] rotary, boolean training) {
        long rows = x.getShape().get(0);
        long length = x.getShape().get(1);
        int kvHeads = config.numKeyValueHeads();
        int groups = config.numKeyValueGroups();
        int headDim = config.headDim();
        // [rows, length, heads*dim] -> [rows, kv_heads, groups, length, dim]; query head h uses kv head h / groups
        NDArray q = layer.q().forward(x, training).reshape(rows, length, kvHeads, groups, headDim).transpose(0, 2, 3, 1, 4);
        NDArray k = layer.k().forward(x, training).reshape(rows, length, kvHeads, 1, headDim).transpose(0, 2, 3, 1, 4);
        NDArray v = layer.v().forward(x, training).reshape(rows, length, kvHeads, 1, headDim).transpose(0, 2, 3, 1, 4);
        if (layer.useRope()) {
            q = applyRotary(q, rotary);
            k = applyRotary(k, rotary);
        }
        NDArray context = causalAttention(q.mul(attentionScale), k.transpose(0, 1, 2, 4, 3), v, mask);
        NDArray merged = context.transpose(0, 3, 1, 2, 4).reshape(rows, length, (long) kvHeads * groups * headDim);
        return layer.o().forward(merged, training);
    }

    /**
     * softmax(q·kᵀ + mask)·v, in blocks of query rows: block i only meets the keys up to its last row, so the
     * upper triangle that the causal mask would zero anyway is neither computed nor kept for backward
     * (about half the attention work and memory at 512 tokens).
     */
    private static NDArray causalAttention(NDArray q, NDArray kTransposed, NDArray v, NDArray mask) {
        long length = q.getShape().get(3);
        if (length <= ATTENTION_BLOCK) {
            return q.matMul(kTransposed).add(mask).softmax(-1).matMul(v);
        }
        NDList blocks = new NDList();
        for (long start = 0; start < length; start += ATTENTION_BLOCK) {
            long end = Math.min(length, start + ATTENTION_BLOCK);
            NDArray scores = q.get(new NDIndex(":, :, :, {}:{}", start, end))
                    .matMul(kTransposed.get(new NDIndex(":, :, :, :, :{}", end)))
                    .add(mask.get(new NDIndex(":, :, :, {}:{}, :{}", start, end, end)));
            blocks.add(scores.softmax(-1).matMul(v.get(new NDIndex(":, :, :, :{}", end))));
        }
        return NDArrays.concat(blocks, 3);
    }

    /**
     * {@code x * cos + rotate_half(x) * sin} where rotate_half(x) = cat(-x2, x1); written as
     * cat(x2, x1) * cat(-sin, sin) so the negation sits in the precomputed table.
     */
    private NDArray applyRotary(NDArray x, NDArray[] rotary) {
        int half = config.headDim() / 2;
        NDList halves = x.split(new long[] {half}, 4);
        NDArray swapped = halves.get(1).concat(halves.get(0), 4);
        return x.mul(rotary[0]).add(swapped.mul(rotary[1]));
    }

    /** cos and signed sin tables [rows, 1, 1, length, head_dim] for the batch's position ids. */
    private NDArray[] rotaryTables(ModelBatch batch, NDManager scope) {
        int headDim = config.headDim();
        int half = headDim / 2;
        long[] positions = batch.positionIds();
        float[] cos = new float[positions.length * headDim];
        float[] sin = new float[positions.length * headDim];
        for (int t = 0; t < positions.length; t++) {
            for (int i = 0; i < half; i++) {
                // float32 product as transformers' inv_freq @ position_ids
                float angle = inverseFrequencies[i] * (float) positions[t];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[t * headDim + i] = c;
                cos[t * headDim + half + i] = c;
                sin[t * headDim + i] = -s;
                sin[t * headDim + half + i] = s;
            }
        }
        Shape shape = new Shape(batch.rows(), 1, 1, batch.length(), headDim);
        return new NDArray[] {scope.create(cos, shape), scope.create(sin, shape)};
    }

    /**
     * Additive mask [rows, 1, 1, length, length]: 0 where query i may see key j, -inf elsewhere.
     * Allowed = causal (j <= i) and same sequence (packed rows restart position ids at 0) and key not padding.
     */
    private NDArray attentionMask(ModelBatch batch, NDManager scope) {
        int rows = batch.rows();
        int length = batch.length();
        long[] sequence = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            long current = 0;
            for (int t = 0; t < length; t++) {
                if (batch.startsSequence(r, t) && batch.attentionMask()[r * length + t] == 1) {
                    current++;
                }
                sequence[r * length + t] = current;
            }
        }
        NDArray index = scope.arange(0, length, 1, DataType.INT64);
        NDArray causal = index.reshape(1, length).lte(index.reshape(length, 1));
        NDArray seq = scope.create(sequence, new Shape(rows, length));
        NDArray sameSequence = seq.reshape(rows, length, 1).eq(seq.reshape(rows, 1, length));
        NDArray keyIsReal = scope.create(batch.attentionMask(), new Shape(rows, 1, length)).toType(DataType.BOOLEAN, false);
        NDArray allowed = sameSequence.logicalAnd(causal).logicalAnd(keyIsReal);
        // log(1) = 0 and log(0) = -inf: DJL's where() does not broadcast
        return allowed.toType(DataType.FLOAT32, false).log().reshape(rows, 1, 1, length, length);
    }

    @Override
    public void close() {
        manager.close();
    }
}
