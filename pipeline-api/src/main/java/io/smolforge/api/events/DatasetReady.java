package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** Converted {@code messages} rows are stored; published on {@link Topics#DATASETS_READY}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetReady(int schemaVersion, String jobId, List<String> partKeys, String testPartKey,
                           String rejectedKey, String statsKey, long rowsIn, long rowsOut,
                           long rowsRejected, Instant producedAt) implements PipelineEvent {

    public DatasetReady {
        partKeys = List.copyOf(partKeys);
    }

    public static DatasetReady of(String jobId, List<String> partKeys, String testPartKey, String rejectedKey,
                                  String statsKey, long rowsIn, long rowsOut, long rowsRejected) {
        return new DatasetReady(SCHEMA_VERSION, jobId, partKeys, testPartKey, rejectedKey, statsKey,
                rowsIn, rowsOut, rowsRejected, Instant.now());
    }
}
