package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

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

    public NDArray forward(NDArray x, boolean training) {
        return forward(x, training, null);
    }

    /** As {@link #forward(NDArray, boolean)}, drawing (or replaying) the dropout noise on {@code tape} when given. */
    NDArray forward(NDArray x, boolean training, DropoutTape tape) {
        if (lora == null) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        return Intermediates.keepOnly(() -> {
            NDArray y = Linear.linear(x, weight, bias).singletonOrThrow();
            NDArray input = !(lora.dropout() > 0 && training) ? x
                    : tape != null ? tape.apply(x, lora.dropout())
                    : Dropout.dropout(x, lora.dropout(), true).singletonOrThrow();
            NDArray low = Linear.linear(input, lora.a()).singletonOrThrow();
            NDArray delta = Linear.linear(low, lora.b()).singletonOrThrow();
            // scaling is a native 0-d tensor kept alive by the adapter: Java Number scalars on an autograd path corrupt gradients (DJL defect 1)
            return y.add(delta.mul(lora.scaling()));
        });
    }
}
