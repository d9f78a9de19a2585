package io.smolforge.dataset.read;

import java.io.Closeable;
import java.io.IOException;

/** Streams the rows of one source, one at a time; never holds more than one row (or one Parquet page) in memory. */
public interface RowReader extends Closeable {

    /** The next row, or null at the end of the source. A row that cannot be read comes back failed, not thrown. */
    RawRow next() throws IOException;
}
