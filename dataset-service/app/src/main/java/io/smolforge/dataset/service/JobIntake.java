package io.smolforge.dataset.service;

import io.smolforge.api.events.JobRequested;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.Topics;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.runtime.EventPublisher;
import io.smolforge.runtime.StatusReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Accepts a job: validates the TRL-style spec, stores it (and an uploaded dataset) under the job's keys,
 * records it as queued, then announces it on {@link Topics#JOBS}. Stored before announced, so a consumer of
 * the event always finds the spec.
 */
@ApplicationScoped
public class JobIntake {
    private static final Logger LOG = Logger.getLogger(JobIntake.class);

    private final ObjectStore store;
    private final EventPublisher publisher;
    private final StatusReporter status;

    public JobIntake(ObjectStore store, EventPublisher publisher, StatusReporter status) {
        this.store = store;
        this.publisher = publisher;
        this.status = status;
    }

    /** @throws io.smolforge.api.spec.InvalidJobSpecException listing every problem of the spec */
    public JobStatus submit(String specText, Path dataset, String datasetFileName) {
        JobSpec spec = JobSpecParser.parse(specText);
        String jobId = JobIds.next();
        String specKey = ObjectKeys.spec(jobId);
        String datasetKey = null;
        if (dataset != null) {
            datasetKey = ObjectKeys.jobUpload(jobId, datasetFileName);
            store.putFile(datasetKey, dataset);
        }
        store.putBytes(specKey, spec.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        String jobName = spec.smolforge().jobName();
        JobStatus queued = JobStatus.queued(jobId, jobName, specKey);
        status.queued(queued);
        publisher.publish(Topics.JOBS, JobRequested.of(jobId, jobName, specKey, datasetKey));
        LOG.infof("job %s queued (%s)", jobId, jobName == null ? "unnamed" : jobName);
        return queued;
    }
}
