package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** A Hub repository is mirrored under {@code prefix}; published on {@link Topics#MODELS_FETCHED}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelFetched(int schemaVersion, String jobId, String kind, String repoId, String revision,
                           String prefix, List<String> keys, Instant producedAt) implements PipelineEvent {

    public ModelFetched {
        keys = List.copyOf(keys);
    }
}
