package io.smolforge.trainer.train;

import io.smolforge.api.spec.JobSpec;
import io.smolforge.trainer.lora.LoraConfig;

import java.util.List;
import java.util.Set;

/**
 * The SFT hyper-parameters the trainer uses, named after TRL/transformers keys, with their defaults.
 * Build one with {@link #defaults()} and the {@code with...} methods, or from a job spec with {@link #fromSpec}.
 *
 * @param warmupSteps   transformers 5's {@code warmup_steps}: >= 1 steps, in (0, 1) a fraction of the total
 * @param maxSteps      > 0 overrides {@code numTrainEpochs}
 * @param loggingSteps  >= 1 steps, in (0, 1) a fraction of the total (transformers' convention)
 * @param lora          {@code null} for full fine-tuning ({@code use_peft: false})
 * @param saveSteps     checkpoint every N optimizer steps; 0 = never
 * @param gradientCheckpointing bound the activation memory of a step (TRL's default: true); see {@link ActivationBudget}
 */
public record TrainingArguments(
        int perDeviceTrainBatchSize,
        int gradientAccumulationSteps,
        double learningRate,
        String lrSchedulerType,
        double warmupSteps,
        double numTrainEpochs,
        int maxSteps,
        double weightDecay,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        double maxGradNorm,
        long seed,
        String trainSamplingStrategy,
        double loggingSteps,
        int saveSteps,
        Integer maxLength,
        LoraConfig lora,
        boolean mergeAdapter,
        boolean gradientCheckpointing) {

    /** Optimizers computed as torch's AdamW. */
    private static final Set<String> ADAMW = Set.of("adamw_torch", "adamw_torch_fused");

    public TrainingArguments {
        if (perDeviceTrainBatchSize < 1 || gradientAccumulationSteps < 1) {
            throw new IllegalArgumentException("per_device_train_batch_size and gradient_accumulation_steps must be >= 1");
        }
        if (maxSteps <= 0 && numTrainEpochs <= 0) {
            throw new IllegalArgumentException("set max_steps > 0 or num_train_epochs > 0");
        }
    }

    /** TRL 1.13's SFTConfig defaults, with LoRA as TRL's ModelConfig defaults it (r 16, alpha 32, dropout 0.05). */
    public static TrainingArguments defaults() {
        return new TrainingArguments(8, 1, 2e-5, "linear", 0, 3.0, -1, 0.0, 0.9, 0.999, 1e-8, 1.0, 42,
                "random", 10, 500, 1024, LoraConfig.of(16, 32, 0.05, List.of()), false, true);
    }

    /** Reads the keys of a TRL sft config (already validated and defaulted by the job spec parser). */
    public static TrainingArguments fromSpec(JobSpec spec) {
        String optimizer = spec.getString("optim");
        if (!ADAMW.contains(optimizer)) {
            throw new IllegalArgumentException("optim '" + optimizer + "' is not supported (" + ADAMW + ")");
        }
        LoraConfig lora = null;
        if (Boolean.TRUE.equals(spec.getBoolean("use_peft"))) {
            List<String> targets = spec.getStringList("lora_target_modules");
            lora = new LoraConfig(spec.getInt("lora_r"), spec.getDouble("lora_alpha"), spec.getDouble("lora_dropout"),
                    targets == null ? List.of() : targets, null, Boolean.TRUE.equals(spec.getBoolean("use_rslora")));
        }
        Integer saveSteps = spec.smolforge().checkpointSteps();
        return new TrainingArguments(
                spec.getInt("per_device_train_batch_size"),
                spec.getInt("gradient_accumulation_steps"),
                spec.getDouble("learning_rate"),
                spec.getString("lr_scheduler_type"),
                spec.getDouble("warmup_steps"),
                spec.getDouble("num_train_epochs"),
                spec.getInt("max_steps"),
                spec.getDouble("weight_decay"),
                spec.getDouble("adam_beta1"),
                spec.getDouble("adam_beta2"),
                spec.getDouble("adam_epsilon"),
                orZero(spec.getDouble("max_grad_norm")),
                spec.getInt("seed"),
                spec.getString("train_sampling_strategy"),
                spec.getDouble("logging_steps"),
                saveSteps != null ? saveSteps : (int) Math.round(spec.getDouble("save_steps")),
                spec.getInt("max_length"),
                lora,
                spec.smolforge().mergeAdapter(),
                !Boolean.FALSE.equals(spec.getBoolean("gradient_checkpointing")));
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    public boolean usesLora() {
        return lora != null;
    }

    public TrainingArguments withMaxSteps(int steps) {
        return new TrainingArguments(perDeviceTrainBatchSize, gradientAccumulationSteps, learningRate, lrSchedulerType,
                warmupSteps, numTrainEpochs, steps, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, seed,
                trainSamplingStrategy, loggingSteps, saveSteps, maxLength, lora, mergeAdapter, gradientCheckpointing);
    }

    public TrainingArguments withLora(LoraConfig config) {
        return new TrainingArguments(perDeviceTrainBatchSize, gradientAccumulationSteps, learningRate, lrSchedulerType,
                warmupSteps, numTrainEpochs, maxSteps, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, seed,
                trainSamplingStrategy, loggingSteps, saveSteps, maxLength, config, mergeAdapter, gradientCheckpointing);
    }

    public TrainingArguments withGradientCheckpointing(boolean enabled) {
        return new TrainingArguments(perDeviceTrainBatchSize, gradientAccumulationSteps, learningRate, lrSchedulerType,
                warmupSteps, numTrainEpochs, maxSteps, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, seed,
                trainSamplingStrategy, loggingSteps, saveSteps, maxLength, lora, mergeAdapter, enabled);
    }

    public TrainingArguments withSaveSteps(int steps) {
        return new TrainingArguments(perDeviceTrainBatchSize, gradientAccumulationSteps, learningRate, lrSchedulerType,
                warmupSteps, numTrainEpochs, maxSteps, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, seed,
                trainSamplingStrategy, loggingSteps, steps, maxLength, lora, mergeAdapter, gradientCheckpointing);
    }

    public TrainingArguments withBatching(int batchSize, int accumulation, String samplingStrategy, Integer maximumLength) {
        return new TrainingArguments(batchSize, accumulation, learningRate, lrSchedulerType,
                warmupSteps, numTrainEpochs, maxSteps, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, seed,
                samplingStrategy, loggingSteps, saveSteps, maximumLength, lora, mergeAdapter, gradientCheckpointing);
    }

    public TrainingArguments withOptimizer(double lr, String scheduler, double warmup, double decay, double clipNorm) {
        return new TrainingArguments(perDeviceTrainBatchSize, gradientAccumulationSteps, lr, scheduler,
                warmup, numTrainEpochs, maxSteps, decay, adamBeta1, adamBeta2, adamEpsilon, clipNorm, seed,
                trainSamplingStrategy, loggingSteps, saveSteps, maxLength, lora, mergeAdapter, gradientCheckpointing);
    }
}
