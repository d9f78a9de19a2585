package io.smolforge.api.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers on which line of the source document each key appears, so that a problem can say
 * "line 7: learning_rate: …". A tree of JsonNodes forgets positions, hence this separate streaming pass.
 */
final class KeyLines {

    private final Map<String, Integer> lineByKey;

    private KeyLines(Map<String, Integer> lineByKey) {
        this.lineByKey = lineByKey;
    }

    /** Line numbers of every key in {@code text}; an unreadable document simply yields none. */
    static KeyLines of(JsonFactory factory, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    lines.putIfAbsent(path(parser.getParsingContext()), parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException unreadable) {
            // the tree parse reports the syntax error itself; positions are a convenience
        }
        return new KeyLines(lines);
    }

    /** The line of a key path such as {@code learning_rate}, {@code smolforge.device}, {@code datasets[0].path}. */
    Integer lineOf(String key) {
        return lineByKey.get(key);
    }

    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
