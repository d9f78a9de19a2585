package io.smolforge.cli.jobs;

import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Seeds object storage with the models and datasets shipped in {@code examples/}, under the keys where
 * hub-publisher would mirror them from the Hub. {@code examples/local-mirror.properties} maps Hub ids to folders.
 * Only what the spec names and the bucket lacks is uploaded.
 */
final class LocalHubMirror {
    private final ObjectStore store;
    private final Path root;

    LocalHubMirror(ObjectStore store, Path root) {
        this.store = store;
        this.root = root;
    }

    void seed(JobSpec spec) throws IOException {
        Path file = root.resolve("examples/local-mirror.properties");
        if (!Files.exists(file)) {
            return;
        }
        Properties mirror = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            mirror.load(reader);
        }
        String revision = spec.getString("model_revision") == null ? "main" : spec.getString("model_revision");
        seedOne(mirror.getProperty("models/" + spec.getString("model_name_or_path")),
                ObjectKeys.hubModel(spec.getString("model_name_or_path"), revision));
        String dataset = spec.getString("dataset_name");
        if (dataset != null) {
            seedOne(mirror.getProperty("datasets/" + dataset), ObjectKeys.hubDataset(dataset, "main"));
        }
    }

    private void seedOne(String folder, String prefix) {
        if (folder == null || !store.list(prefix).isEmpty()) {
            return;
        }
        Path dir = root.resolve(folder);
        System.out.println("mirroring " + folder + " to s3://" + store.bucket() + "/" + prefix);
        store.putDirectory(prefix, dir);
    }
}
