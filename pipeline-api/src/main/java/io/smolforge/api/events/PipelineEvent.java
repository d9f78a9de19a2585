package io.smolforge.api.events;

/** An event of one job: every pipeline event is keyed by the job id it belongs to. */
public interface PipelineEvent {
    /** Version of the event schemas in this package; consumers tolerate unknown fields. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    String jobId();
}
