package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A job was accepted: its validated spec is stored at {@code specKey}; an uploaded dataset, if any,
 * at {@code datasetKey}. Published on {@link Topics#JOBS}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRequested(int schemaVersion, String jobId, String jobName, String specKey,
                           String datasetKey, Instant requestedAt) implements PipelineEvent {

    public static JobRequested of(String jobId, String jobName, String specKey, String datasetKey) {
        return new JobRequested(SCHEMA_VERSION, jobId, jobName, specKey, datasetKey, Instant.now());
    }
}
