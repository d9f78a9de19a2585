package io.smolforge.dataset.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.dataset.ConversionFailedException;
import io.smolforge.dataset.ConversionOptions;
import io.smolforge.dataset.DatasetConverter;
import io.smolforge.dataset.DatasetFormat;
import io.smolforge.dataset.DatasetSource;
import io.smolforge.dataset.PartDirectoryOutput;
import io.smolforge.dataset.RowPreview;
import io.smolforge.runtime.ScratchDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Datasets uploaded on their own ({@code datasets/uploads/{id}/{file}}), to be named by jobs through
 * {@code smolforge.dataset_path}, and previews of converted rows: a job's converted dataset, or an upload
 * converted on the fly.
 */
@ApplicationScoped
public class DatasetUploads {
    /** Converting an upload just to preview it is for files of a reasonable size. */
    static final long MAX_PREVIEW_BYTES = 64L * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Upload ids start so; anything else is a job id. */
    private static final String ID_PREFIX = "ds-";

    /** A stored upload. */
    public record Upload(String id, String key, long size, String sha256) {
    }

    private final ObjectStore store;

    public DatasetUploads(ObjectStore store) {
        this.store = store;
    }

    public Upload store(Path file, String fileName) {
        String id = ID_PREFIX + String.format("%012x", RANDOM.nextLong() & 0xffffffffffffL);
        String key = ObjectKeys.datasetUpload(id, fileName);
        store.putFile(key, file);
        return new Upload(id, key, store.size(key), store.sha256(key));
    }

    /** The first rows of a job's converted dataset, or of an upload converted now; empty when {@code id} is neither. */
    public Optional<List<JsonNode>> preview(String id, int limit, String format) throws IOException {
        if (!id.startsWith(ID_PREFIX)) {
            String part = ObjectKeys.messagesPart(id, 0);
            if (!store.exists(part)) {
                return Optional.empty();
            }
            try (InputStream in = store.open(part)) {
                return Optional.of(RowPreview.firstRows(in, limit));
            }
        }
        List<String> uploads = store.list(ObjectKeys.datasetUploadPrefix(id));
        if (uploads.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(convertUpload(uploads.get(0), limit, format));
    }

    private List<JsonNode> convertUpload(String key, int limit, String format) throws IOException {
        if (store.size(key) > MAX_PREVIEW_BYTES) {
            throw new IllegalArgumentException("upload " + key + " is over " + MAX_PREVIEW_BYTES / (1024 * 1024)
                    + " MB: submit a job to convert it, then preview the job's dataset");
        }
        try (ScratchDirectory scratch = ScratchDirectory.create("smolforge-preview-")) {
            Path work = scratch.path();
            Path file = work.resolve(ObjectKeys.fileName(key));
            store.getFile(key, file);
            Path out = work.resolve("out");
            DatasetSource source = DatasetSource.of(file).withFormat(DatasetFormat.fromName(format));
            try {
                new DatasetConverter(ConversionOptions.defaults().withMaxRejectRatio(1.0).withWorkDir(work.resolve("tmp")))
                        .convert(List.of(source), new PartDirectoryOutput(out));
            } catch (ConversionFailedException e) {
                throw new IllegalArgumentException("no row of " + key + " converts: " + e.getMessage());
            }
            try (InputStream in = Files.newInputStream(out.resolve("part-00000.jsonl.gz"))) {
                return RowPreview.firstRows(in, limit);
            }
        }
    }
}
