package io.smolforge.dataset;

import io.smolforge.dataset.write.RowSink;
import java.io.IOException;

/**
 * Where a conversion's results go. The converter commits the sinks only when the conversion succeeds (the
 * rejection report also when it fails), then writes the stats last, so a finished stats document marks a
 * finished conversion.
 */
public interface ConversionOutput {
    RowSink openTrain() throws IOException;

    RowSink openTest() throws IOException;

    RowSink openRejected() throws IOException;

    /** Writes stats.json atomically. */
    void writeStats(byte[] json) throws IOException;
}
