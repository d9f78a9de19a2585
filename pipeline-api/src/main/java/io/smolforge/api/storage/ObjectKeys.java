package io.smolforge.api.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The object-key layout of the bucket (see ARCHITECTURE.md), in one place. Every stage derives its
 * output keys from the job id, which is what makes redelivered events idempotent: a stage finds its
 * finished output under the same keys and re-emits its event instead of redoing the work.
 */
public final class ObjectKeys {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ObjectKeys() {
    }

    public static String job(String jobId) {
        return "jobs/" + checkId(jobId) + "/";
    }

    public static String spec(String jobId) {
        return job(jobId) + "spec.json";
    }

    /** A dataset uploaded with the job (multipart intake), kept under its original file name. */
    public static String jobUpload(String jobId, String fileName) {
        return job(jobId) + "upload/" + checkId(fileName);
    }

    public static String messagesPrefix(String jobId) {
        return job(jobId) + "messages/";
    }

    public static String messagesPart(String jobId, int part) {
        return messagesPrefix(jobId) + String.format("part-%05d.jsonl.gz", part);
    }

    public static String messagesTestPart(String jobId) {
        return messagesPrefix(jobId) + "test-00000.jsonl.gz";
    }

    public static String rejected(String jobId) {
        return messagesPrefix(jobId) + "rejected.jsonl.gz";
    }

    public static String messagesStats(String jobId) {
        return messagesPrefix(jobId) + "stats.json";
    }

    public static String tokensPrefix(String jobId) {
        return job(jobId) + "tokens/";
    }

    public static String tokensShard(String jobId, int shard) {
        return tokensPrefix(jobId) + String.format("shard-%05d.safetensors", shard);
    }

    public static String tokensStats(String jobId) {
        return tokensPrefix(jobId) + "stats.json";
    }

    public static String checkpointsPrefix(String jobId) {
        return job(jobId) + "checkpoints/";
    }

    public static String checkpoint(String jobId, long step) {
        return checkpointsPrefix(jobId) + String.format("step-%06d/", step);
    }

    public static String outputPrefix(String jobId) {
        return job(jobId) + "output/";
    }

    /**
     * The {@code ModelTrained} event of a finished training run, written after every output: its presence
     * marks the outputs complete, and a redelivered event re-announces it.
     */
    public static String trainingResult(String jobId) {
        return job(jobId) + "training-result.json";
    }

    /** Written last into a checkpoint prefix: a checkpoint without it was interrupted mid-upload. */
    public static String checkpointComplete(String jobId, long step) {
        return checkpoint(jobId, step) + "COMPLETE";
    }

    /** Where the last stage "publishes" when no Hub push is asked for: a registry prefix per job. */
    public static String registryPrefix(String jobId) {
        return "registry/" + checkId(jobId) + "/";
    }

    public static String datasetUploadPrefix(String datasetId) {
        return "datasets/uploads/" + checkId(datasetId) + "/";
    }

    public static String datasetUpload(String datasetId, String fileName) {
        return datasetUploadPrefix(datasetId) + checkId(fileName);
    }

    /** A Hub repository mirrored into the bucket, e.g. {@code hub/models/HuggingFaceTB/SmolLM3-3B/main/}. */
    public static String hubModel(String repoId, String revision) {
        return "hub/models/" + checkRepoId(repoId) + "/" + checkId(revision) + "/";
    }

    public static String hubDataset(String repoId, String revision) {
        return "hub/datasets/" + checkRepoId(repoId) + "/" + checkId(revision) + "/";
    }

    /** The last path segment of a key ({@code jobs/x/output/a.json} → {@code a.json}). */
    public static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static String checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a safe object-key segment: '" + id
                    + "' (letters, digits, '.', '_', '-'; at most 128 characters)");
        }
        return id;
    }

    private static String checkRepoId(String repoId) {
        String[] parts = Objects.requireNonNull(repoId, "repoId").split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not a Hub repository id: '" + repoId + "' (expected org/name)");
        }
        for (String part : parts) {
            checkId(part);
        }
        return repoId;
    }
}
