package io.smolforge.dataset.rest;

import io.smolforge.api.events.JobState;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.Stage;
import java.time.Instant;
import java.util.Map;

/** A job as the REST API shows it: its status plus the links to follow it. */
public record JobView(String id, String name, JobState state, Stage stage, String message,
                      Map<String, String> artifacts, Instant createdAt, Instant updatedAt, Instant finishedAt,
                      String statusUrl, String eventsUrl) {

    static JobView of(JobStatus status) {
        String url = "/v1/jobs/" + status.jobId();
        return new JobView(status.jobId(), status.jobName(), status.state(), status.stage(), status.message(),
                status.artifacts(), status.createdAt(), status.updatedAt(), status.finishedAt(), url,
                url + "/events");
    }
}
