package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * The trained artifacts are published: copied under {@code registryPrefix} and, when the spec asks for it,
 * pushed to {@code hubRepoId}. Published on {@link Topics#MODELS_PUBLISHED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelPublished(int schemaVersion, String jobId, String registryPrefix, List<String> keys,
                             String hubRepoId, Instant producedAt) implements PipelineEvent {

    public ModelPublished {
        keys = List.copyOf(keys);
    }

    public static ModelPublished of(String jobId, String registryPrefix, List<String> keys, String hubRepoId) {
        return new ModelPublished(SCHEMA_VERSION, jobId, registryPrefix, keys, hubRepoId, Instant.now());
    }
}
