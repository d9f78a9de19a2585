package io.smolforge.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads pre-tokenized JSON lines {@code {"input_ids": [...], "labels": [...]?, "position_ids": [...]?}}. */
public final class TokenizedJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizedJsonl() {
    }

    public static List<TokenizedExample> read(Path file) throws IOException {
        List<TokenizedExample> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                examples.add(parse(line, file + ":" + lineNumber));
            }
        }
        return examples;
    }

    /** Parses one line; {@code where} (file:line) prefixes error messages. */
    public static TokenizedExample parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidDatasetException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        long[] ids = longs(node, "input_ids", where);
        if (ids == null || ids.length == 0) {
            throw new InvalidDatasetException(where + ": \"input_ids\" must be a non-empty array of integers");
        }
        long[] labels = longs(node, "labels", where);
        long[] positions = longs(node, "position_ids", where);
        try {
            return new TokenizedExample(ids, labels, positions);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatasetException(where + ": " + e.getMessage());
        }
    }

    private static long[] longs(JsonNode node, String field, String where) {
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return null;
        }
        if (!array.isArray()) {
            throw new InvalidDatasetException(where + ": \"" + field + "\" must be an array of integers");
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isIntegralNumber()) {
                throw new InvalidDatasetException(where + ": \"" + field + "\"[" + i + "] is not an integer: " + value);
            }
            values[i] = value.asLong();
        }
        return values;
    }
}
