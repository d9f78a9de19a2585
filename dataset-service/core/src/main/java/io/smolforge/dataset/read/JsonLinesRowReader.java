package io.smolforge.dataset.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.util.Arrays;

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped. Lines are cut at the byte level so that a
 * line over the size limit is skipped without ever being held in memory, and invalid UTF-8 in one line
 * rejects that line only.
 */
public final class JsonLinesRowReader implements RowReader {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final ObjectMapper mapper;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = InvalidUtf8.markingDecoder();
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int lineLength;
    private long lineNumber;
    private long rowNumber;

    public JsonLinesRowReader(InputStream in, ObjectMapper mapper, int maxLineBytes) {
        this.in = in;
        this.mapper = mapper;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public RawRow next() throws IOException {
        while (true) {
            long overLimitBytes = readLine();
            if (overLimitBytes < 0) {
                return null;
            }
            lineNumber++;
            if (overLimitBytes > 0) {
                rowNumber++;
                String start = decode(line, 0, Math.min(lineLength, 1024));
                return RawRow.failed(rowNumber, lineNumber, start, new RowRejectedException(null,
                        RejectReason.ROW_TOO_LARGE,
                        "line is " + overLimitBytes + " bytes, over the limit of " + maxLineBytes + " bytes"));
            }
            int start = 0;
            int end = lineLength;
            if (lineNumber == 1 && end >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
                start = 3;
            }
            if (end > start && line[end - 1] == '\r') {
                end--;
            }
            if (isBlank(line, start, end)) {
                continue;
            }
            rowNumber++;
            String text = decode(line, start, end - start);
            return parse(text);
        }
    }

    private RawRow parse(String text) {
        JsonNode value;
        try {
            value = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return RawRow.failed(rowNumber, lineNumber, text, new RowRejectedException(null,
                    RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage()));
        }
        if (value == null || !value.isObject()) {
            return RawRow.failed(rowNumber, lineNumber, text, new RowRejectedException(null,
                    RejectReason.MALFORMED_JSON, "expected one JSON object per line"));
        }
        return RawRow.of(rowNumber, lineNumber, value, text);
    }

    /**
     * Reads one line (without its '\n') into {@link #line}.
     *
     * @return -1 at the end of input, 0 for a line within the limit, else the line's full length in bytes
     */
    private long readLine() throws IOException {
        lineLength = 0;
        long total = 0;
        boolean sawAnything = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                chunkEnd = in.read(chunk, 0, CHUNK);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    if (!sawAnything) {
                        return -1;
                    }
                    return total > maxLineBytes ? total : 0;
                }
            }
            sawAnything = true;
            int newline = indexOf(chunk, (byte) '\n', chunkPos, chunkEnd);
            int stop = newline >= 0 ? newline : chunkEnd;
            int count = stop - chunkPos;
            if (total + count <= maxLineBytes) {
                append(chunk, chunkPos, count);
            } else if (total <= maxLineBytes) {
                // keep the head of an over-long line for the report, drop the rest as it streams by
                append(chunk, chunkPos, (int) Math.max(0, Math.min(count, 1024 - total)));
            }
            total += count;
            chunkPos = stop;
            if (newline >= 0) {
                chunkPos++;
                return total > maxLineBytes ? total : 0;
            }
        }
    }

    private void append(byte[] source, int from, int count) {
        if (count <= 0) {
            return;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(source, from, line, lineLength, count);
        lineLength += count;
    }

    private String decode(byte[] bytes, int from, int count) {
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, from, count));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
