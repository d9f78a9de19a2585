package io.smolforge.template.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Reads the jinja2 golden files under {@code golden/conformance/} (see the README there). */
final class ConformanceFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceFixtures() {
    }

    static String resource(String path) {
        try (InputStream in = ConformanceFixtures.class.getResourceAsStream("/golden/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T json(String path) {
        try {
            return (T) JSON.readValue(resource(path), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Clock clockAt(String localDateTime) {
        return Clock.fixed(LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }

    /**
     * Python's generation indices count code points; ours are Java chars. Indices past the end of the text
     * (transformers' arithmetic for blocks inside macros or set blocks) are carried over one char each.
     */
    static List<Span> toCharSpans(String text, List<List<Integer>> codePointSpans) {
        int codePoints = text.codePointCount(0, text.length());
        java.util.function.IntUnaryOperator toChars = cp -> cp <= codePoints ? text.offsetByCodePoints(0, cp)
                : text.length() + (cp - codePoints);
        return codePointSpans.stream()
                .map(s -> new Span(toChars.applyAsInt(s.get(0)), toChars.applyAsInt(s.get(1))))
                .toList();
    }

    static Map<String, Object> golden() {
        return json("conformance/golden.json");
    }
}
