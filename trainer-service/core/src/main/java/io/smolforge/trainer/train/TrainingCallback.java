package io.smolforge.trainer.train;

import java.nio.file.Path;

/**
 * Hooks for whoever runs the trainer (the Quarkus app publishes progress events and uploads checkpoints).
 * Every method has a no-op default; they run on the training thread, so keep them short.
 */
public interface TrainingCallback {

    /** After every optimizer step. */
    default void onStep(StepResult step) {
    }

    /** Every {@code logging_steps} steps (and at the last step), with the line written to training_log.jsonl. */
    default void onLog(TrainingLogEntry entry) {
    }

    /** After a checkpoint directory is complete (every {@code save_steps} steps). */
    default void onCheckpoint(int step, Path checkpointDir) {
    }

    /** Asked before every step; returning true stops training after writing a checkpoint (e.g. the job was cancelled). */
    default boolean shouldStop() {
        return false;
    }

    /** One optimizer step: its loss is the mean over the step's label tokens, across gradient accumulation. */
    record StepResult(int step, int totalSteps, double epoch, double loss, double learningRate, double gradNorm,
                      long tokens, double seconds) {
    }
}
