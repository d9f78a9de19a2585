package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** One logging step of a training run; published on {@link Topics#TRAINING_PROGRESS}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingProgress(int schemaVersion, String jobId, long step, long maxSteps, double epoch,
                               double loss, double learningRate, double gradNorm, double tokensPerSecond,
                               double elapsedSeconds, double etaSeconds, Instant at) implements PipelineEvent {

    public static TrainingProgress of(String jobId, long step, long maxSteps, double epoch, double loss,
                                      double learningRate, double gradNorm, double tokensPerSecond,
                                      double elapsedSeconds, double etaSeconds) {
        return new TrainingProgress(SCHEMA_VERSION, jobId, step, maxSteps, epoch, loss, learningRate, gradNorm,
                tokensPerSecond, elapsedSeconds, etaSeconds, Instant.now());
    }
}
