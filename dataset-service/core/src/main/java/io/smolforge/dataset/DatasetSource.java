package io.smolforge.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One input of a conversion: where its bytes come from, its schema, and which share of its rows to take
 * (TRL's dataset mixtures). JSONL, JSON arrays, CSV and Parquet are recognised, gzip-compressed or not.
 *
 * @param name     file name or object key: names the source in reports and hints at the container format
 * @param opener   opens the bytes; called once per conversion
 * @param file     the same bytes as a local file, or null (lets Parquet skip a temporary copy)
 * @param format   the row schema, or {@link DatasetFormat#AUTO}
 * @param mapping  a user's column mapping, or null
 * @param fraction the share of rows to take: 1 takes all, 0.25 a seeded quarter, 2.5 every row twice and half
 *                 of them a third time
 */
public record DatasetSource(String name, Opener opener, Path file, DatasetFormat format, ColumnMapping mapping,
                            double fraction) {

    /** Opens a source's bytes (an upload, an S3 object, a file). */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public DatasetSource {
        if (!(fraction > 0) || Double.isInfinite(fraction)) {
            throw new IllegalArgumentException("fraction of source " + name + " must be positive, got " + fraction);
        }
    }

    public static DatasetSource of(Path file) {
        return new DatasetSource(file.getFileName().toString(), () -> Files.newInputStream(file), file,
                DatasetFormat.AUTO, null, 1.0);
    }

    public static DatasetSource of(String name, Opener opener) {
        return new DatasetSource(name, opener, null, DatasetFormat.AUTO, null, 1.0);
    }

    public DatasetSource withFormat(DatasetFormat value) {
        return new DatasetSource(name, opener, file, value, mapping, fraction);
    }

    public DatasetSource withMapping(ColumnMapping value) {
        return new DatasetSource(name, opener, file, format, value, fraction);
    }

    public DatasetSource withFraction(double value) {
        return new DatasetSource(name, opener, file, format, mapping, value);
    }
}
