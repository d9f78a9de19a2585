package io.smolforge.dataset.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds invalid UTF-8 without giving up on the rest of a file. Decoders made here replace each malformed byte
 * sequence with {@link #MARKER}, a Unicode noncharacter that has no business in text data; a row holding the
 * marker is then rejected naming the field it is in, and the rows around it go on.
 */
public final class InvalidUtf8 {
    /** U+FDD0, a noncharacter: valid UTF-8 input never needs it in interchanged text. */
    public static final char MARKER = '\uFDD0';

    private InvalidUtf8() {
    }

    public static CharsetDecoder markingDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(MARKER));
    }

    /** The JSON path (e.g. {@code messages[1].content}) of the first string holding the marker, or null. */
    public static String findMarkedField(JsonNode node) {
        return find(node, "");
    }

    private static String find(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf(MARKER) >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf(MARKER) >= 0) {
                    return name;
                }
                String found = find(field.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
