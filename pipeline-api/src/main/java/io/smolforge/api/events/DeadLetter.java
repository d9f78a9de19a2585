package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** An event a stage could not process, kept with the error; published on {@link Topics#DEAD_LETTER}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(int schemaVersion, String sourceTopic, String key, String payload, String error,
                         Instant failedAt) {

    public static DeadLetter of(String sourceTopic, String key, String payload, String error) {
        return new DeadLetter(PipelineEvent.SCHEMA_VERSION, sourceTopic, key, payload, error, Instant.now());
    }
}
