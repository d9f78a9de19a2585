package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Ask hub-publisher to mirror a Hub repository ({@code kind} "model" or "dataset") into object storage.
 * {@code jobId} is the request id when no job waits for it. Published on {@link Topics#MODELS_FETCH}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelFetchRequested(int schemaVersion, String jobId, String kind, String repoId, String revision,
                                  Instant requestedAt) implements PipelineEvent {

    public static ModelFetchRequested of(String jobId, String kind, String repoId, String revision) {
        return new ModelFetchRequested(SCHEMA_VERSION, jobId, kind, repoId, revision, Instant.now());
    }
}
