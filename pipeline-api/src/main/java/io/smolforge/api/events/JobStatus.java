package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest known state of a job. Published on the compacted {@link Topics#JOB_STATUS} topic keyed by
 * job id, so replaying the topic rebuilds every job's status; each stage publishes the next version with
 * {@link #advance}, {@link #succeed}, {@link #fail} or {@link #cancel}.
 *
 * @param artifacts named object keys produced so far ("spec", "messages", "tokens", "adapter", …)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobStatus(int schemaVersion, String jobId, String jobName, JobState state, Stage stage,
                        String message, Map<String, String> artifacts, Instant createdAt, Instant updatedAt,
                        Instant finishedAt) implements PipelineEvent {

    public JobStatus {
        artifacts = artifacts == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(artifacts));
    }

    public static JobStatus queued(String jobId, String jobName, String specKey) {
        Instant now = Instant.now();
        return new JobStatus(SCHEMA_VERSION, jobId, jobName, JobState.QUEUED, null, "queued",
                Map.of("spec", specKey), now, now, null);
    }

    /** Running in {@code stage}; artifacts are merged into those already known. */
    public JobStatus advance(Stage newStage, String newMessage, Map<String, String> moreArtifacts) {
        return next(JobState.RUNNING, newStage, newMessage, moreArtifacts, null);
    }

    public JobStatus succeed(String newMessage, Map<String, String> moreArtifacts) {
        return next(JobState.SUCCEEDED, stage, newMessage, moreArtifacts, Instant.now());
    }

    public JobStatus fail(String reason) {
        return next(JobState.FAILED, stage, reason, Map.of(), Instant.now());
    }

    public JobStatus cancel(String reason) {
        return next(JobState.CANCELLED, stage, reason, Map.of(), Instant.now());
    }

    private JobStatus next(JobState newState, Stage newStage, String newMessage, Map<String, String> moreArtifacts,
                           Instant finished) {
        Map<String, String> merged = new LinkedHashMap<>(artifacts);
        merged.putAll(moreArtifacts);
        return new JobStatus(SCHEMA_VERSION, jobId, jobName, newState, newStage, newMessage, merged, createdAt,
                Instant.now(), finished);
    }
}
