package io.smolforge.api.events;

/**
 * Every Kafka topic of the pipeline, declared once. Topics are named for what happened, and every
 * event on them is keyed by job id (request id for fetches) so one job's events stay ordered.
 */
public final class Topics {
    /** {@link JobRequested}: a validated job spec was stored; the dataset stage starts. */
    public static final String JOBS = "sft.jobs";
    /** {@link DatasetReady}: conversations normalised to {@code messages} rows. */
    public static final String DATASETS_READY = "sft.datasets.ready";
    /** {@link TokensReady}: rendered, tokenized, masked and packed shards. */
    public static final String TOKENS_READY = "sft.tokens.ready";
    /** {@link TrainingProgress}: one record every {@code logging_steps}. */
    public static final String TRAINING_PROGRESS = "sft.training.progress";
    /** {@link ModelTrained}: adapter / merged model and logs are in object storage. */
    public static final String MODELS_TRAINED = "sft.models.trained";
    /** {@link ModelPublished}: the artifacts were copied to the registry (or pushed to the Hub). */
    public static final String MODELS_PUBLISHED = "sft.models.published";
    /** {@link JobStatus}: compacted, key = job id; the latest record is the job's state. */
    public static final String JOB_STATUS = "sft.job.status";
    /** {@link ModelFetchRequested}: mirror a Hub model or dataset into object storage. */
    public static final String MODELS_FETCH = "sft.models.fetch";
    /** {@link ModelFetched}: the mirror is complete. */
    public static final String MODELS_FETCHED = "sft.models.fetched";
    /** {@link StorageEvent}: object-store notifications (MinIO bucket events). */
    public static final String STORAGE_EVENTS = "sft.storage.events";
    /** Events a stage could not process (SmallRye's dead-letter queue: original record + reason headers). */
    public static final String DEAD_LETTER = "sft.dead-letter";

    /** The topics every deployment needs, for provisioning. */
    public static final java.util.List<String> ALL = java.util.List.of(JOBS, DATASETS_READY, TOKENS_READY,
            TRAINING_PROGRESS, MODELS_TRAINED, MODELS_PUBLISHED, JOB_STATUS, MODELS_FETCH, MODELS_FETCHED,
            STORAGE_EVENTS, DEAD_LETTER);

    /** Topics keeping only the latest record per key (the job-status table). */
    public static final java.util.Set<String> COMPACTED = java.util.Set.of(JOB_STATUS);

    private Topics() {
    }
}
