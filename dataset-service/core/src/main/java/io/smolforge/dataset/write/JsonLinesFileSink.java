package io.smolforge.dataset.write;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/** One JSON Lines file, gzip-compressed when its name ends in {@code .gz}; written beside the target, then moved. */
public final class JsonLinesFileSink implements RowSink {
    private final Path target;
    private final Path temporary;
    private final OutputStream out;
    private long rows;
    private long bytes;
    private boolean done;

    public JsonLinesFileSink(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temporary = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
        OutputStream file = Files.newOutputStream(temporary);
        this.out = target.getFileName().toString().endsWith(".gz")
                ? new BufferedOutputStream(new GZIPOutputStream(file, 64 * 1024), 64 * 1024)
                : new BufferedOutputStream(file, 64 * 1024);
    }

    @Override
    public void write(byte[] json) throws IOException {
        out.write(json);
        out.write('\n');
        rows++;
        bytes += json.length + 1;
    }

    /** Uncompressed bytes written so far. */
    public long bytes() {
        return bytes;
    }

    public Path target() {
        return target;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void commit() throws IOException {
        out.close();
        done = true;
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
