package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * Training finished; its outputs (adapter or weights, logs, loss curve) are under {@code outputPrefix}.
 * Published on {@link Topics#MODELS_TRAINED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelTrained(int schemaVersion, String jobId, String outputPrefix, List<String> outputKeys,
                           long steps, double finalLoss, Instant producedAt) implements PipelineEvent {

    public ModelTrained {
        outputKeys = List.copyOf(outputKeys);
    }

    public static ModelTrained of(String jobId, String outputPrefix, List<String> outputKeys, long steps,
                                  double finalLoss) {
        return new ModelTrained(SCHEMA_VERSION, jobId, outputPrefix, outputKeys, steps, finalLoss, Instant.now());
    }
}
