package io.smolforge.runtime;

import io.smolforge.api.events.JobState;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.PipelineEvent;
import io.smolforge.api.events.Stage;
import io.smolforge.api.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Moves a job through its states on the status topic. A job that already ended (cancelled by the user,
 * or failed elsewhere) is never revived: {@link #advance} then returns false and the stage stops.
 */
@ApplicationScoped
public class StatusReporter {
    private final JobStatusStore store;
    private final EventPublisher publisher;

    public StatusReporter(JobStatusStore store, EventPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    public void queued(JobStatus status) {
        publish(status);
    }

    /** Marks the job running in {@code stage}; false when the job has already ended. */
    public boolean advance(String jobId, Stage stage, String message, Map<String, String> artifacts) {
        JobStatus current = current(jobId);
        if (current.state().isTerminal()) {
            return false;
        }
        publish(current.advance(stage, message, artifacts));
        return true;
    }

    public void succeed(String jobId, String message, Map<String, String> artifacts) {
        JobStatus current = current(jobId);
        if (!current.state().isTerminal()) {
            publish(current.succeed(message, artifacts));
        }
    }

    public void fail(String jobId, String reason) {
        JobStatus current = current(jobId);
        if (!current.state().isTerminal()) {
            publish(current.fail(reason));
        }
    }

    /** Cancels a job that has not ended; false when it had. */
    public boolean cancel(String jobId, String reason) {
        JobStatus current = current(jobId);
        if (current.state().isTerminal()) {
            return false;
        }
        publish(current.cancel(reason));
        return true;
    }

    public boolean hasEnded(String jobId) {
        return store.get(jobId).map(s -> s.state().isTerminal()).orElse(false);
    }

    private JobStatus current(String jobId) {
        // A stage may see a job before this instance's view has read its queued status; start from scratch then.
        return store.get(jobId).orElseGet(() -> new JobStatus(PipelineEvent.SCHEMA_VERSION, jobId, null,
                JobState.QUEUED, null, "queued", Map.of(), Instant.now(), Instant.now(), null));
    }

    private void publish(JobStatus status) {
        publisher.publish(Topics.JOB_STATUS, status);
        store.apply(status);
    }
}
