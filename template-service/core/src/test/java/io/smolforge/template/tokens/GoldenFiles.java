package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the fixtures under {@code src/test/resources/golden/}. */
public final class GoldenFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenFiles() {
    }

    public static Path path(String name) {
        try {
            return Path.of(GoldenFiles.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path tinyModel() {
        return path("tiny-smollm3-base");
    }

    public static List<JsonNode> jsonLines(String name) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(path(name))) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** A Python string index (code points) as a Java char index into {@code text}. */
    public static int charIndex(String text, int codePointIndex) {
        return text.offsetByCodePoints(0, codePointIndex);
    }
}
