package io.smolforge.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The first rows of a converted part ({@code part-00000.jsonl.gz} or a plain JSONL file), for previews. */
public final class RowPreview {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowPreview() {
    }

    /** Reads at most {@code limit} rows and stops; the caller closes the stream. */
    public static List<JsonNode> firstRows(InputStream part, int limit) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(part);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        InputStream plain = gzip ? new GZIPInputStream(buffered) : buffered;
        BufferedReader lines = new BufferedReader(new InputStreamReader(plain, StandardCharsets.UTF_8));
        List<JsonNode> rows = new ArrayList<>();
        String line;
        while (rows.size() < limit && (line = lines.readLine()) != null) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }
}
