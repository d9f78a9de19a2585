package io.smolforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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
    /** 1/sqrt(head_dim), as a native scalar (NoPE layers) and inside the query rope tables. */
    private final float queryScale;
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
        this.queryScale = (float) Math.pow(config.headDim(), -0.5);
        this.attentionScale = constant(queryScale);
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

    /** What a batch needs besides the weights: token ids, the mask and the rope tables, all made from Java data. */
    private record BatchInputs(NDArray ids, NDArray mask, NDArray[] rotary) {
    }

    /** Made in the caller's scope, so that they outlive backward (DJL defect 1). */
    private BatchInputs inputsOf(ModelBatch batch, NDManager scope) {
        NDArray ids = scope.create(batch.inputIds());
        return new BatchInputs(ids, attentionMask(batch, scope), rotaryTables(batch, scope));
    }

    /**
     * Runs the transformer and returns the final-normed hidden states [rows * length, hidden] (token-major,
     * the layout every layer works in). Arrays made here belong to the caller's {@link NDScope} (or to the
     * given manager). {@code pass} is null outside training, and then no autograd graph is recorded, whichever
     * thread this runs on.
     */
    public NDArray hiddenStates(ModelBatch batch, NDManager scope, TrainingPass pass) {
        if (pass == null) {
            try (GradMode off = GradMode.off()) {
                return layersForward(batch, scope, null);
            }
        }
        return layersForward(batch, scope, pass);
    }

    private NDArray layersForward(ModelBatch batch, NDManager scope, TrainingPass pass) {
        BatchInputs inputs = inputsOf(batch, scope);
        NDArray h = embedTokens.get(inputs.ids());
        for (DecoderLayer layer : layers) {
            NDArray input = h;
            h = Intermediates.keepOnly(() -> decoderLayer(layer, input, inputs, pass));
        }
        NDArray last = h;
        return Intermediates.keepOnly(() -> rmsNorm(last, finalNorm));
    }

    /** One block on hidden states [tokens, hidden]; the residual sums happen inside o_proj's and down_proj's products. */
    private NDArray decoderLayer(DecoderLayer layer, NDArray x, BatchInputs inputs, TrainingPass pass) {
        NDArray h = Intermediates.keepOnly(() ->
                attention(layer, rmsNorm(x, layer.inputNorm()), x, inputs.mask(), inputs.rotary(), pass));
        NDArray normed = rmsNorm(h, layer.postAttentionNorm());
        NDArray mlp = Intermediates.keepOnly(() -> {
            NDArray gated = layer.gate().forward(normed, pass);
            return gated.mul(Activation.sigmoid(gated)).mul(layer.up().forward(normed, pass));
        });
        return layer.down().forward(mlp, h, pass);
    }

    /** Logits [..., vocab] for hidden states [..., hidden]. */
    public NDArray logits(NDArray hidden) {
        return Linear.linear(hidden, lmHead).singletonOrThrow();
    }

    /** Where the loss is taken: flat positions (row * length + t - 1) and their next-token targets. */
    private record LabelPositions(long[] positions, long[] targets) {
        static LabelPositions of(ModelBatch batch) {
            int count = batch.countLabelTokens();
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
            return new LabelPositions(positions, targets);
        }
    }

    /**
     * The summed next-token cross-entropy over the batch's label tokens, a 0-d tensor on the autograd path.
     * Only the hidden states of positions that predict a label go through lm_head and the softmax.
     * Returns {@code null} when the batch has no label token.
     */
    public NDArray labelLossSum(ModelBatch batch, NDManager scope, TrainingPass pass) {
        if (batch.countLabelTokens() == 0) {
            return null;
        }
        return lossSum(hiddenStates(batch, scope, pass), LabelPositions.of(batch), scope);
    }

    /** lm_head and the log-softmax run over blocks of label rows: only one block of [rows, vocab] is in flight. */
    private NDArray lossSum(NDArray hidden, LabelPositions labels, NDManager scope) {
        int count = labels.positions().length;
        NDArray total = null;
        for (int from = 0; from < count; from += LOSS_BLOCK) {
            int to = Math.min(count, from + LOSS_BLOCK);
            NDArray positionIndex = scope.create(java.util.Arrays.copyOfRange(labels.positions(), from, to));
            NDArray targetIndex = scope.create(java.util.Arrays.copyOfRange(labels.targets(), from, to), new Shape(to - from, 1));
            NDArray block = Intermediates.keepOnly(() -> logits(hidden.get(positionIndex)).logSoftmax(-1).gather(targetIndex, 1).sum());
            total = total == null ? block : total.add(block);
        }
        return total.neg();
    }

    /**
     * Forward and backward of one batch, adding {@code lossSum / divisor} gradients to every parameter that
     * requires them; returns that loss. LoRA dropout masks are drawn from {@code seed} (see {@link DropoutMasks}).
     */
    public float forwardBackward(ModelBatch batch, float divisor, boolean recomputeLayers, long seed) {
        return forwardBackward(batch, divisor, recomputeLayers, TrainingPass.of(seed));
    }

    /**
     * Forward and backward of one batch with {@code pass}'s dropout masks, leaving {@code lossSum / divisor}
     * gradients where {@code pass} says (see {@link TrainingPass}); returns that loss. Runs on the calling thread,
     * and several passes may run at once on different threads.
     *
     * <p>With {@code recomputeLayers} (torch.utils.checkpoint's scheme, for batches whose activations would not
     * fit otherwise) only each layer's input is kept from a first forward pass without a graph; backward then
     * re-runs one layer at a time with its graph, so activation memory is that of one layer. The last layer keeps
     * its graph from the first pass: backward needs it next, so re-running it would only repeat it. A re-run
     * layer draws the same dropout masks, so the numbers are those of the ordinary backward pass.
     */
    public float forwardBackward(ModelBatch batch, float divisor, boolean recomputeLayers, TrainingPass pass) {
        if (batch.countLabelTokens() == 0) {
            return 0f;
        }
        try (NDScope scope = new NDScope()) {
            NDArray denominator = manager.full(new Shape(), divisor);
            if (!recomputeLayers || layers.isEmpty()) {
                try (GradMode recording = GradMode.recording()) {
                    NDArray loss = labelLossSum(batch, manager, pass).div(denominator);
                    GradMode.backward(loss, manager.ones(new Shape()));
                    return loss.getFloat();
                }
            }
            BatchInputs inputs = inputsOf(batch, manager);
            List<NDArray> layerInputs = new ArrayList<>();
            int last = layers.size() - 1;
            NDArray h;
            try (GradMode off = GradMode.off()) {
                h = embedTokens.get(inputs.ids());
                for (int i = 0; i < last; i++) {
                    DecoderLayer layer = layers.get(i);
                    layerInputs.add(h);
                    NDArray input = h;
                    h = Intermediates.keepOnly(() -> decoderLayer(layer, input, inputs, pass));
                }
            }
            float loss;
            NDArray upstream;
            try (GradMode recording = GradMode.recording()) {
                NDArray input = leaf(h, needsInputGradient(last));
                DecoderLayer layer = layers.get(last);
                NDArray output = Intermediates.keepOnly(() -> decoderLayer(layer, input, inputs, pass));
                NDArray value = lossSum(rmsNorm(output, finalNorm), LabelPositions.of(batch), manager).div(denominator);
                GradMode.backward(value, manager.ones(new Shape()));
                loss = value.getFloat();
                upstream = needsInputGradient(last) ? input.getGradient() : null;
            }
            for (int i = last - 1; i >= 0; i--) {
                DecoderLayer layer = layers.get(i);
                NDArray input = leaf(layerInputs.get(i), needsInputGradient(i));
                try (GradMode recording = GradMode.recording()) {
                    NDArray output = Intermediates.keepOnly(() -> decoderLayer(layer, input, inputs, pass));
                    GradMode.backward(output, upstream);
                }
                upstream = needsInputGradient(i) ? input.getGradient() : null;
            }
            if (embedTokens.hasGradient()) {
                try (GradMode recording = GradMode.recording()) {
                    GradMode.backward(embedTokens.get(inputs.ids()), upstream);
                }
            }
            return loss;
        }
    }

    /**
     * An estimate of what autograd keeps for backward for one row of {@code length} tokens, counted from the
     * tensors this graph saves per token and layer: the residual stream twice, the scaled queries, keys, values,
     * the attention probabilities (causal blocks), four intermediate-size MLP tensors; per LoRA projection its
     * dropped-out input and rank-r activations (floats) and its dropout mask (bytes); per trained base weight its
     * input. Plus the log-probabilities of lm_head.
     */
    public long activationBytes(int length) {
        long keysPerQuery = Math.min(length, (length + ATTENTION_BLOCK) / 2);
        long layerFloats = 2L * config.hiddenSize() + (long) config.numAttentionHeads() * config.headDim()
                + 2L * config.numKeyValueHeads() * config.headDim() + 4L * config.intermediateSize()
                + config.numAttentionHeads() * keysPerQuery;
        long perToken = 4L * config.vocabSize();
        for (DecoderLayer layer : layers) {
            long floats = layerFloats;
            long maskBytes = 0;
            for (Projection projection : layer.projections()) {
                LoraWeights lora = projection.lora();
                if (lora != null) {
                    floats += projection.inFeatures() + lora.a().getShape().get(0);
                    maskBytes += lora.dropout() > 0 ? projection.inFeatures() : 0;
                } else if (projection.weight().hasGradient()) {
                    floats += projection.inFeatures();
                }
            }
            perToken += 4 * floats + maskBytes;
        }
        return perToken * length;
    }

    /** Layer 0's input only needs a gradient when the embeddings train (full fine-tuning); with LoRA they are frozen. */
    private boolean needsInputGradient(int layer) {
        return layer > 0 || embedTokens.hasGradient();
    }

    /** A graph-free copy of {@code x} (sharing its memory), collecting its own gradient when asked. */
    static NDArray leaf(NDArray x, boolean collectGradient) {
        NDArray detached = x.stopGradient();
        if (collectGradient) {
            detached.setRequiresGradient(true);
        }
        return detached;
    }

    /** transformers' RMSNorm: {@code weight * x / sqrt(mean(x^2) + eps)}. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        return Intermediates.keepOnly(() -> {
            NDArray variance = x.mul(x).mean(new int[] {-1}, true);
            return weight.mul(x.div(variance.add(rmsEpsilon).sqrt()));
        });
    }

    /**
     * {@code residual} + self-attention on {@code x} [rows * length, hidden] of a batch of {@code mask}'s rows and
     * length.
     */
    private NDArray attention(DecoderLayer layer, NDArray x, NDArray residual, NDArray mask, NDArray[] rotary,
                              TrainingPass pass) {
        long rows = mask.getShape().get(0);
        long length = mask.getShape().get(2);
        long kvHeads = config.numKeyValueHeads();
        long groups = config.numKeyValueGroups();
        long headDim = config.headDim();
        // the projections' token-major layout: query head h = (kv head h / groups, group h % groups)
        NDArray q = layer.q().forward(x, pass).reshape(rows, length, kvHeads, groups, headDim);
        NDArray k = layer.k().forward(x, pass).reshape(rows, length, kvHeads, headDim);
        NDArray v = layer.v().forward(x, pass).reshape(rows, length, kvHeads, headDim);
        // queries scaled by 1/sqrt(head_dim): with rope the scale is in the query tables
        if (layer.useRope()) {
            q = applyRotary(q, rotary[0], rotary[1]);
            k = applyRotary(k, rotary[2], rotary[3]);
        } else {
            q = q.mul(attentionScale);
        }
        // one copy each into head-major layouts in which every attention block is a contiguous batched matrix:
        // queries [rows, kv, length * groups, dim] (rows ordered (t, g)), keys and values [rows, kv, length, dim]
        NDArray queries = q.transpose(0, 2, 1, 3, 4).reshape(rows, kvHeads, length * groups, headDim);
        NDArray keys = headMajor(k, rows, kvHeads, length, headDim);
        NDArray values = headMajor(v, rows, kvHeads, length, headDim);
        NDArray context = causalAttention(queries, keys, values, mask, groups)
                .reshape(rows, kvHeads, length, groups, headDim).transpose(0, 2, 1, 3, 4);
        return layer.o().forward(context.reshape(rows * length, kvHeads * groups * headDim), residual, pass);
    }

    /** [rows, length, kv, dim] to a contiguous [rows, kv, length, dim] (a reshape across non-adjacent axes copies). */
    private static NDArray headMajor(NDArray x, long rows, long kvHeads, long length, long headDim) {
        return x.transpose(0, 2, 1, 3).reshape(rows, kvHeads, length * headDim).reshape(rows, kvHeads, length, headDim);
    }

    /**
     * softmax(q·kᵀ + mask)·v, in blocks of query positions: block i only meets the keys up to its last position,
     * so the upper triangle that the causal mask would zero anyway is neither computed nor kept for backward
     * (about half the attention work and memory at 512 tokens). The query heads that share a key/value head
     * are rows of one matrix, so every product is a plain batched matmul on contiguous blocks (no broadcast
     * copies, no repeated keys).
     *
     * @param queries [rows, kv_heads, length * groups, dim], rows ordered (position, group), already scaled
     * @param keys [rows, kv_heads, length, dim]
     * @param values [rows, kv_heads, length, dim]
     * @param mask [rows, 1, length, 1, length], additive
     * @return [rows, kv_heads, length * groups, dim]
     */
    private static NDArray causalAttention(NDArray queries, NDArray keys, NDArray values, NDArray mask, long groups) {
        Shape shape = keys.getShape();
        long rows = shape.get(0);
        long kvHeads = shape.get(1);
        long length = shape.get(2);
        long[] starts = new long[(int) ((length - 1) / ATTENTION_BLOCK)];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (i + 1) * ATTENTION_BLOCK * groups;
        }
        NDList queryBlocks = starts.length == 0 ? new NDList(queries) : queries.split(starts, 2);
        NDArray keysTransposed = keys.transpose(0, 1, 3, 2);
        NDList blocks = new NDList();
        for (int b = 0; b < queryBlocks.size(); b++) {
            long from = b * ATTENTION_BLOCK;
            long end = Math.min(length, from + ATTENTION_BLOCK);
            NDArray block = queryBlocks.get(b);
            blocks.add(Intermediates.keepOnly(() -> {
                NDArray scores = block.matMul(narrow(keysTransposed, 3, 0, end))
                        .reshape(rows, kvHeads, end - from, groups, end)
                        .add(narrow(narrow(mask, 2, from, end), 4, 0, end));
                NDArray probabilities = scores.softmax(-1).reshape(rows, kvHeads, (end - from) * groups, end);
                return probabilities.matMul(narrow(values, 2, 0, end));
            }));
        }
        return blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(blocks, 2);
    }

    /**
     * {@code x[..., from:to, ...]} along one axis as one libtorch slice: DJL's {@code get(NDIndex)} slices every
     * axis, and the backward of each slice allocates and zeroes a tensor of the input's full size.
     */
    private static NDArray narrow(NDArray x, int axis, long from, long to) {
        return JniUtils.slice((PtNDArray) x, axis, from, to, 1);
    }

    /**
     * {@code x * cos + rotate_half(x) * sin} where rotate_half(x) = cat(-x2, x1); written as
     * cat(x2, x1) * cat(-sin, sin) so the negation sits in the precomputed table.
     */
    private NDArray applyRotary(NDArray x, NDArray cos, NDArray signedSin) {
        int half = config.headDim() / 2;
        int last = x.getShape().dimension() - 1;
        NDList halves = x.split(new long[] {half}, last);
        NDArray swapped = halves.get(1).concat(halves.get(0), last);
        return x.mul(cos).add(swapped.mul(signedSin));
    }

    /** cos and signed sin tables for the batch's position ids: for queries (scaled by 1/sqrt(head_dim)) and for keys. */
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
        // queries [rows, length, kv, groups, dim] get the tables times the attention scale; keys [rows, length, kv, dim]
        float[] cosQ = new float[cos.length];
        float[] sinQ = new float[sin.length];
        for (int i = 0; i < cos.length; i++) {
            cosQ[i] = cos[i] * queryScale;
            sinQ[i] = sin[i] * queryScale;
        }
        return new NDArray[] {
                scope.create(cosQ, new Shape(batch.rows(), batch.length(), 1, 1, headDim)),
                scope.create(sinQ, new Shape(batch.rows(), batch.length(), 1, 1, headDim)),
                scope.create(cos, new Shape(batch.rows(), batch.length(), 1, headDim)),
                scope.create(sin, new Shape(batch.rows(), batch.length(), 1, headDim))};
    }

    /**
     * Additive mask [rows, 1, length, 1, length] (query position, key position): 0 where query i may see key j, -inf elsewhere.
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
        return allowed.toType(DataType.FLOAT32, false).log().reshape(rows, 1, length, 1, length);
    }

    @Override
    public void close() {
        manager.close();
    }
}
