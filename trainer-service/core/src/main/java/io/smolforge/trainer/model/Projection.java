package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * One {@code nn.Linear} of the model ({@code y = x W^T + b}), optionally with a LoRA adapter
 * beside it as PEFT does it: {@code y = x W^T + b + scaling * B(A(dropout(x)))}.
 */
public final class Projection {

    private final String name;
    private final NDArray weight;
    private final NDArray bias;
    private LoraWeights lora;

    Projection(String name, NDArray weight, NDArray bias) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
    }

    /** The Hugging Face module path, e.g. {@code model.layers.0.self_attn.q_proj}. */
    public String name() {
        return name;
    }

    /** The last part of the name ({@code q_proj}), what PEFT's {@code target_modules} match. */
    public String shortName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    public long inFeatures() {
        return weight.getShape().get(1);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    public LoraWeights lora() {
        return lora;
    }

    public void attachLora(LoraWeights adapter) {
        this.lora = adapter;
    }

    /**
     * {@code x W^T + b + scaling * B(A(dropout(x)))} for {@code x} [tokens, in_features]; {@code pass} is null
     * outside training, and in training gives the dropout masks and the tensors the adapter is read through.
     * Computed as {@code addmm(x W^T + b, c * A(mask * x), B^T)}: the dropout mask is 0/1 and its
     * {@code 1 / (1 - p)} is folded with the scaling into {@code c}, applied to the rank-r activations, and the sum
     * with the base output happens inside the last matrix product, so no [tokens, out_features] tensor is scaled or
     * added on its own (the same value up to float rounding).
     */
    NDArray forward(NDArray x, TrainingPass pass) {
        return forward(x, null, pass);
    }

    /**
     * {@code residual + forward(x)}: without a bias, the residual is the 2-D "bias" of the base product (one
     * addmm instead of a separate [tokens, out_features] add).
     */
    NDArray forward(NDArray x, NDArray residual, TrainingPass pass) {
        NDArray y = residual == null ? Linear.linear(x, weight, bias).singletonOrThrow()
                : bias == null ? Linear.linear(x, weight, residual).singletonOrThrow()
                : Linear.linear(x, weight, bias).singletonOrThrow().add(residual);
        if (lora == null) {
            return y;
        }
        return Intermediates.keepOnly(() -> {
            boolean dropping = pass != null && lora.dropout() > 0;
            NDArray input = dropping ? pass.masks().apply(x, lora.dropout(), name) : x;
            NDArray a = pass == null ? lora.a() : pass.parameter(lora.a());
            NDArray b = pass == null ? lora.b() : pass.parameter(lora.b());
            // the scalings are native 0-d tensors kept alive by the adapter: Java Number scalars on an autograd path corrupt gradients (DJL defect 1)
            NDArray low = Linear.linear(input, a).singletonOrThrow().mul(dropping ? lora.droppedScaling() : lora.scaling());
            // a 2-D "bias" makes libtorch's linear one addmm: y + low B^T
            return Linear.linear(low, b, y).singletonOrThrow();
        });
    }
}
