package io.smolforge.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.dataset.write.JsonLinesFileSink;
import io.smolforge.dataset.write.PartFilesSink;
import io.smolforge.dataset.write.RowSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The service's layout in one local directory, ready to upload under {@code jobs/{id}/messages/}:
 * {@code part-00000.jsonl.gz …} (train), {@code test-part-00000.jsonl.gz …} (test split, if any),
 * {@code rejected.jsonl.gz} and {@code stats.json}.
 */
public final class PartDirectoryOutput implements ConversionOutput {
    public static final String TRAIN_PREFIX = "part-";
    public static final String TEST_PREFIX = "test-part-";
    public static final String REJECTED = "rejected.jsonl.gz";
    public static final String STATS = "stats.json";
    /** Parts of about 256 MiB uncompressed JSON (roughly 50–80 MiB gzipped) keep uploads and retries small. */
    public static final long DEFAULT_MAX_PART_BYTES = 256L * 1024 * 1024;

    private final Path dir;
    private final long maxPartBytes;

    public PartDirectoryOutput(Path dir) {
        this(dir, DEFAULT_MAX_PART_BYTES);
    }

    public PartDirectoryOutput(Path dir, long maxPartBytes) {
        this.dir = dir;
        this.maxPartBytes = maxPartBytes;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public RowSink openTrain() throws IOException {
        Files.createDirectories(dir);
        return new PartFilesSink(dir, TRAIN_PREFIX, maxPartBytes);
    }

    @Override
    public RowSink openTest() throws IOException {
        Files.createDirectories(dir);
        return new PartFilesSink(dir, TEST_PREFIX, maxPartBytes);
    }

    @Override
    public RowSink openRejected() throws IOException {
        return new JsonLinesFileSink(dir.resolve(REJECTED));
    }

    @Override
    public void writeStats(byte[] json) throws IOException {
        writeAtomically(dir.resolve(STATS), json);
    }

    /**
     * The stats of a conversion that finished successfully into {@code dir}, or empty: lets a redelivered job find
     * its finished output instead of converting again (stats.json is written last, after the parts are in place).
     */
    public static Optional<JsonNode> succeededStats(Path dir) throws IOException {
        Path stats = dir.resolve(STATS);
        if (!Files.isRegularFile(stats)) {
            return Optional.empty();
        }
        JsonNode json = new ObjectMapper().readTree(stats.toFile());
        return json != null && "succeeded".equals(json.path("status").asText()) ? Optional.of(json) : Optional.empty();
    }

    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = JsonLinesFileSink.temporarySibling(absolute);
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
