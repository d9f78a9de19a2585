package io.smolforge.trainer.train;

/**
 * One line of training_log.jsonl (snake_case keys as transformers' log history).
 *
 * @param loss             mean of the step losses since the previous log line
 * @param learningRate     as transformers logs it: the rate the scheduler holds after this step
 * @param gradNorm         global gradient 2-norm before clipping, of the last step
 * @param tokensPerSecond  real (non-padding) tokens processed per second since the previous log line
 */
public record TrainingLogEntry(int step, double epoch, double loss, double learningRate, double gradNorm,
                               double tokensPerSecond, double elapsedSeconds) {
}
