package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * The two LoRA matrices of one projection: {@code a} is [r, in_features], {@code b} is [out_features, r],
 * as PEFT stores {@code lora_A.weight} and {@code lora_B.weight}.
 *
 * @param scaling a 0-d native tensor holding {@code lora_alpha / r} (or {@code lora_alpha / sqrt(r)} for rsLoRA)
 * @param droppedScaling a 0-d native tensor holding {@code scaling / (1 - dropout)}: the scale of the rank-r
 *                       activations when the input went through a 0/1 dropout mask (see {@link DropoutMasks})
 */
public record LoraWeights(NDArray a, NDArray b, NDArray scaling, float dropout, NDArray droppedScaling) {
}
