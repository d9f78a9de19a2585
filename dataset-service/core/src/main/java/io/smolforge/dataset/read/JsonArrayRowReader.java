package io.smolforge.dataset.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;

/**
 * Reads a JSON array of row objects ({@code [{...}, {...}]}, as LLaMA-Factory's files are) with Jackson's
 * streaming parser: one element is materialised at a time, never the whole array. A syntax error cannot be
 * recovered from inside an array, so it ends the source with one {@link RejectReason#MALFORMED_JSON} row.
 */
public final class JsonArrayRowReader implements RowReader {
    private final JsonParser parser;
    /** The array goes on after each element, so trailing tokens are expected here. */
    private final ObjectReader elementReader;
    private final int maxRowChars;
    private long rowNumber;
    private boolean started;
    private boolean finished;

    public JsonArrayRowReader(InputStream in, ObjectMapper mapper, int maxRowChars) throws IOException {
        this.parser = mapper.getFactory().createParser(new InputStreamReader(in, InvalidUtf8.markingDecoder()));
        this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxRowChars = maxRowChars;
    }

    @Override
    public RawRow next() throws IOException {
        if (finished) {
            return null;
        }
        long line = -1;
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    rowNumber++;
                    return fail(1, "expected a JSON array of row objects, found " + first);
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                finished = true;
                return null;
            }
            rowNumber++;
            JsonLocation start = parser.currentTokenLocation();
            line = start.getLineNr();
            JsonNode value = elementReader.readTree(parser);
            long size = parser.currentLocation().getCharOffset() - start.getCharOffset();
            if (size > maxRowChars) {
                return RawRow.failed(rowNumber, line, null, new RowRejectedException(null, RejectReason.ROW_TOO_LARGE,
                        "array element is " + size + " characters, over the limit of " + maxRowChars));
            }
            if (!value.isObject()) {
                return RawRow.failed(rowNumber, line, value.toString(), new RowRejectedException(null,
                        RejectReason.MALFORMED_JSON, "array element is " + value.getNodeType() + ", expected an object"));
            }
            return RawRow.of(rowNumber, line, value, null);
        } catch (JsonProcessingException e) {
            if (line < 0) {
                rowNumber++;
            }
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            // report the line where the broken element starts; the message says where parsing stopped
            return fail(line > 0 ? line : where != null ? where.getLineNr() : -1,
                    "not valid JSON" + at + ": " + e.getOriginalMessage());
        }
    }

    private RawRow fail(long line, String message) {
        finished = true;
        return RawRow.failed(rowNumber, line, null, new RowRejectedException(null, RejectReason.MALFORMED_JSON,
                message + " (the rest of the file cannot be read)"));
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
