package io.smolforge.dataset.service;

import io.smolforge.api.events.JobRequested;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a job's training data in object storage, in this order: the file uploaded with the job; the
 * {@code smolforge.dataset_path} object key; each entry of TRL's {@code datasets:} mixture, or else
 * {@code dataset_name}, as a Hub dataset mirrored under {@code hub/datasets/{id}/{revision}/} (the files of
 * the requested split). Returns object keys with the share of rows to take from each.
 */
public final class DatasetLocator {
    /** One object to convert and the share of its rows to take (TRL mixtures). */
    public record Input(String key, double fraction) {
    }

    private final ObjectStore store;

    public DatasetLocator(ObjectStore store) {
        this.store = store;
    }

    public List<Input> locate(JobRequested job, JobSpec spec) {
        if (job.datasetKey() != null) {
            return List.of(new Input(job.datasetKey(), 1.0));
        }
        String path = spec.smolforge().datasetPath();
        if (path != null) {
            if (!store.exists(path)) {
                throw new IllegalArgumentException("smolforge.dataset_path: no object '" + path + "' in bucket "
                        + store.bucket() + " (upload it with the job, or to that key)");
            }
            return List.of(new Input(path, 1.0));
        }
        List<Map<String, Object>> mixture = spec.datasets();
        if (mixture != null && !mixture.isEmpty()) {
            List<Input> inputs = new ArrayList<>();
            for (int i = 0; i < mixture.size(); i++) {
                Map<String, Object> entry = mixture.get(i);
                String id = (String) entry.get("path");
                if (id == null) {
                    throw new IllegalArgumentException("datasets[" + i + "].path is missing");
                }
                String split = entry.get("split") instanceof String s ? s : "train";
                double fraction = entry.get("fraction") instanceof Number n ? n.doubleValue() : 1.0;
                mirrored(id, "main", split, (String) entry.get("name"))
                        .forEach(key -> inputs.add(new Input(key, fraction)));
            }
            return inputs;
        }
        String name = spec.getString("dataset_name");
        if (name == null) {
            throw new IllegalArgumentException("the job names no dataset: give dataset_name, datasets, "
                    + "smolforge.dataset_path, or upload a file with the job");
        }
        return mirrored(name, "main", spec.getString("dataset_train_split"), spec.getString("dataset_config"))
                .stream().map(key -> new Input(key, 1.0)).toList();
    }

    /** The files of {@code split} in a mirrored Hub dataset, preferring the config's folder when it has one. */
    private List<String> mirrored(String repoId, String revision, String split, String config) {
        String prefix = ObjectKeys.hubDataset(repoId, revision);
        List<String> splitFiles = store.list(prefix).stream()
                .filter(key -> isSplitFile(ObjectKeys.fileName(key), split))
                .toList();
        if (config != null) {
            List<String> inConfig = splitFiles.stream()
                    .filter(key -> key.substring(prefix.length()).startsWith(config + "/")).toList();
            if (!inConfig.isEmpty()) {
                return inConfig;
            }
        }
        if (splitFiles.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + repoId + "' has no '" + split + "' split under s3://"
                    + store.bucket() + "/" + prefix + " (mirror it from the Hub first, or upload a file with the job)");
        }
        return splitFiles;
    }

    private static boolean isSplitFile(String fileName, String split) {
        return fileName.startsWith(split + ".") || fileName.startsWith(split + "-") || fileName.startsWith(split + "_");
    }

    static Path download(ObjectStore store, String key, Path dir) {
        Path target = dir.resolve(ObjectKeys.fileName(key));
        store.getFile(key, target);
        if (!Files.isRegularFile(target)) {
            throw new IllegalStateException("download of " + key + " produced no file");
        }
        return target;
    }
}
