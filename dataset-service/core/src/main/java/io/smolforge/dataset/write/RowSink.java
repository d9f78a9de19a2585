package io.smolforge.dataset.write;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where JSON lines go. Nothing a sink writes is visible under its final name until {@link #commit()}; closing
 * without committing throws the partial output away, so a crash never leaves a half-written dataset behind.
 */
public interface RowSink extends Closeable {

    /** Appends one JSON document (without the trailing newline, which the sink adds). */
    void write(byte[] json) throws IOException;

    /** Publishes everything written under its final name(s). */
    void commit() throws IOException;

    /** Rows written so far. */
    long rows();

    /** Discards uncommitted output; does nothing after a commit. */
    @Override
    void close() throws IOException;
}
