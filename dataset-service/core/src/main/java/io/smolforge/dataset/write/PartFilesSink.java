package io.smolforge.dataset.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rolling gzip parts {@code <prefix>00000.jsonl.gz}, {@code <prefix>00001.jsonl.gz}, … in one directory, a new
 * part once the current one holds {@code maxPartBytes} of uncompressed JSON. Parts stay temporary until commit.
 */
public final class PartFilesSink implements RowSink {
    private final Path dir;
    private final String prefix;
    private final long maxPartBytes;
    private final List<JsonLinesFileSink> parts = new ArrayList<>();
    private final List<Path> committed = new ArrayList<>();
    private long rows;

    public PartFilesSink(Path dir, String prefix, long maxPartBytes) {
        this.dir = dir.toAbsolutePath();
        this.prefix = prefix;
        this.maxPartBytes = maxPartBytes;
    }

    @Override
    public void write(byte[] json) throws IOException {
        JsonLinesFileSink current = parts.isEmpty() ? null : parts.get(parts.size() - 1);
        if (current == null || current.bytes() >= maxPartBytes) {
            current = new JsonLinesFileSink(dir.resolve(String.format("%s%05d.jsonl.gz", prefix, parts.size())));
            parts.add(current);
        }
        current.write(json);
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    /** The published part files, in order; empty before commit. */
    public List<Path> files() {
        return List.copyOf(committed);
    }

    @Override
    public void commit() throws IOException {
        for (JsonLinesFileSink part : parts) {
            part.commit();
            committed.add(part.target());
        }
        removeStaleParts();
    }

    /** Parts of an earlier run into the same directory that this run did not overwrite would mix two datasets. */
    private void removeStaleParts() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Pattern partName = Pattern.compile(Pattern.quote(prefix) + "\\d{5}\\.jsonl\\.gz");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (partName.matcher(file.getFileName().toString()).matches() && !committed.contains(file)) {
                    Files.delete(file);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (JsonLinesFileSink part : parts) {
            part.close();
        }
    }
}
