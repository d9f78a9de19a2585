package io.smolforge.dataset.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The container a source comes in. Gzip is recognised by its magic bytes, the container by the file name and,
 * where the name says nothing certain ({@code .json} files are often JSON Lines), by the first bytes.
 */
public enum InputFormat {
    JSONL, JSON_ARRAY, CSV, PARQUET;

    private static final int PEEK = 4096;

    /**
     * Opens a reader over a source.
     *
     * @param name        file name or object key; its extension is a hint
     * @param in          the source's bytes, possibly gzip-compressed; the reader owns and closes it
     * @param localFile   the same bytes as a local file, or null; lets Parquet skip a temporary copy
     * @param maxRowBytes rows (lines, array elements) larger than this are rejected
     * @param workDir     where a Parquet stream is copied to, since Parquet needs random access
     */
    public static RowReader open(String name, InputStream in, Path localFile, ObjectMapper mapper, int maxRowBytes,
                                 Path workDir) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        boolean gzip = startsWith(peek(buffered, 2), new byte[] {0x1f, (byte) 0x8b});
        InputStream plain = gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 64 * 1024), 64 * 1024) : buffered;
        InputFormat format = detect(name, peek(plain, PEEK));
        switch (format) {
            case JSON_ARRAY:
                return new JsonArrayRowReader(plain, mapper, maxRowBytes);
            case CSV:
                return new CsvRowReader(plain);
            case PARQUET:
                if (localFile != null && !gzip) {
                    plain.close();
                    return new ParquetRowReader(localFile);
                }
                return TemporaryParquetCopy.read(plain, workDir);
            default:
                return new JsonLinesRowReader(plain, mapper, maxRowBytes);
        }
    }

    /** The format for a file name and its first (decompressed) bytes. */
    public static InputFormat detect(String name, byte[] head) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) {
            lower = lower.substring(0, lower.length() - 3);
        }
        if (lower.endsWith(".parquet") || startsWith(head, new byte[] {'P', 'A', 'R', '1'})) {
            return PARQUET;
        }
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return JSONL;
        }
        int first = firstSignificantByte(head);
        if (first == '[') {
            return JSON_ARRAY;
        }
        if (first == '{' || lower.endsWith(".json")) {
            return JSONL;
        }
        return CSV;
    }

    private static int firstSignificantByte(byte[] head) {
        int i = startsWith(head, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) ? 3 : 0;
        for (; i < head.length; i++) {
            int b = head[i] & 0xff;
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    private static byte[] peek(InputStream in, int count) throws IOException {
        in.mark(count);
        byte[] head = in.readNBytes(count);
        in.reset();
        return head;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parquet needs random access, so a streamed source is copied to a temporary file that goes away on close. */
    private static final class TemporaryParquetCopy implements RowReader {
        private final Path file;
        private final ParquetRowReader reader;

        private TemporaryParquetCopy(Path file, ParquetRowReader reader) {
            this.file = file;
            this.reader = reader;
        }

        static RowReader read(InputStream in, Path workDir) throws IOException {
            Files.createDirectories(workDir);
            Path file = Files.createTempFile(workDir, "source-", ".parquet");
            try (in) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return new TemporaryParquetCopy(file, new ParquetRowReader(file));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }

        @Override
        public RawRow next() throws IOException {
            return reader.next();
        }

        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
