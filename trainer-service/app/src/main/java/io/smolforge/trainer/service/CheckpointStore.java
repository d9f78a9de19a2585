package io.smolforge.trainer.service;

import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's checkpoints in object storage ({@code jobs/{id}/checkpoints/step-NNNNNN/}). Each is uploaded file by
 * file and then marked complete, so a pod that dies mid-upload never leaves a checkpoint that looks usable.
 */
final class CheckpointStore {
    private static final Pattern STEP = Pattern.compile("/step-(\\d+)/COMPLETE$");

    private final ObjectStore store;

    CheckpointStore(ObjectStore store) {
        this.store = store;
    }

    void upload(String jobId, long step, Path dir) {
        store.putDirectory(ObjectKeys.checkpoint(jobId, step), dir);
        store.putBytes(ObjectKeys.checkpointComplete(jobId, step), new byte[0], "application/octet-stream");
    }

    /** The newest complete checkpoint, downloaded into {@code target}; empty when the job has none. */
    Optional<Path> downloadLatest(String jobId, Path target) {
        Optional<Long> latest = store.list(ObjectKeys.checkpointsPrefix(jobId)).stream()
                .map(STEP::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(1)))
                .max(Comparator.naturalOrder());
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Path dir = target.resolve("step-" + latest.get());
        String prefix = ObjectKeys.checkpoint(jobId, latest.get());
        store.getDirectory(prefix, dir);
        return Optional.of(dir);
    }
}
