package io.smolforge.runtime;

import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local copies of base models mirrored in object storage ({@code hub/models/{org}/{name}/{revision}/}), the
 * way {@code model_name_or_path} and {@code model_revision} name them. A copy is complete once its marker file
 * exists, so a pod killed mid-download fetches again instead of loading half a model.
 */
@ApplicationScoped
public class ModelCache {
    private static final String COMPLETE = ".complete";

    /** The files a stage needs that does not run the model: tokenizer, template, config. */
    public static final Predicate<String> WITHOUT_WEIGHTS = name -> !name.endsWith(".safetensors")
            && !name.endsWith(".bin") && !name.endsWith(".safetensors.index.json");

    private final ObjectStore store;
    private final Path root;

    public ModelCache(ObjectStore store,
                      @ConfigProperty(name = "smolforge.cache-dir") Path root) {
        this.store = store;
        this.root = root;
    }

    /** The model's local folder, fetching the files {@code wanted} accepts (by file name) when missing. */
    public Path fetch(String modelId, String revision, Predicate<String> wanted) {
        String rev = revision == null || revision.isBlank() ? "main" : revision;
        String prefix = ObjectKeys.hubModel(modelId, rev);
        String variant = wanted == WITHOUT_WEIGHTS ? "config-only" : "full";
        Path dir = root.resolve("models").resolve(modelId).resolve(rev).resolve(variant);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        List<String> keys = store.list(prefix).stream().filter(k -> wanted.test(ObjectKeys.fileName(k))).toList();
        if (keys.stream().noneMatch(k -> k.endsWith("/config.json") || k.endsWith("/tokenizer.json"))) {
            throw new IllegalArgumentException("model '" + modelId + "' (revision " + rev + ") is not in object storage "
                    + "under s3://" + store.bucket() + "/" + prefix + ": mirror it from the Hub first");
        }
        try {
            Files.createDirectories(dir);
            for (String key : keys) {
                store.getFile(key, dir.resolve(key.substring(prefix.length())));
            }
            Files.writeString(dir.resolve(COMPLETE), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model cache at " + dir, e);
        }
        return dir;
    }
}
