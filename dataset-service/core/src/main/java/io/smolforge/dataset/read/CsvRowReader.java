package io.smolforge.dataset.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.Arrays;

/**
 * Reads CSV with a header row; every cell becomes a string field named by its header. A row with fewer cells
 * than the header is rejected as {@link RejectReason#MISSING_COLUMNS}, with more as {@link RejectReason#INVALID_FIELD}.
 */
public final class CsvRowReader implements RowReader {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private final MappingIterator<String[]> rows;
    private String[] header;
    private long rowNumber;
    private boolean finished;

    public CsvRowReader(InputStream in) throws IOException {
        this.rows = CSV.readerFor(String[].class).readValues(new InputStreamReader(in, InvalidUtf8.markingDecoder()));
    }

    @Override
    public RawRow next() throws IOException {
        if (finished) {
            return null;
        }
        try {
            if (header == null) {
                if (!rows.hasNextValue()) {
                    finished = true;
                    return null;
                }
                header = rows.nextValue();
            }
            // the parser stops right after the previous row (and any skipped blank lines): where this row starts
            long line = rows.getParser().currentLocation().getLineNr();
            if (!rows.hasNextValue()) {
                finished = true;
                return null;
            }
            String[] cells = rows.nextValue();
            rowNumber++;
            String raw = String.join(",", cells);
            if (cells.length < header.length) {
                return RawRow.failed(rowNumber, line, raw, new RowRejectedException(header[cells.length],
                        RejectReason.MISSING_COLUMNS, "row has " + cells.length + " columns, the header has "
                        + header.length + ": missing " + Arrays.toString(Arrays.copyOfRange(header, cells.length, header.length))));
            }
            if (cells.length > header.length) {
                return RawRow.failed(rowNumber, line, raw, new RowRejectedException(null, RejectReason.INVALID_FIELD,
                        "row has " + cells.length + " columns, the header has only " + header.length));
            }
            ObjectNode value = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < header.length; i++) {
                value.put(header[i], cells[i]);
            }
            return RawRow.of(rowNumber, line, value, null);
        } catch (JsonProcessingException | RuntimeException e) {
            finished = true;
            rowNumber++;
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return RawRow.failed(rowNumber, -1, null, new RowRejectedException(null, RejectReason.UNREADABLE_SOURCE,
                    "CSV cannot be parsed from here on: " + message));
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
