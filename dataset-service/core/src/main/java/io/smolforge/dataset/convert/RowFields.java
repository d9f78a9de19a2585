package io.smolforge.dataset.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;

/**
 * Typed reads of a row's fields that reject the row naming the field. CSV cells and some Hub datasets hold
 * lists and objects as JSON text, so list and object reads also accept a string that parses to one.
 */
final class RowFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowFields() {
    }

    static boolean has(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value != null && !value.isNull();
    }

    /** A string field that must be present; it may be empty (callers decide what empty means). */
    static String requiredString(JsonNode row, String field, String path) throws RowRejectedException {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            throw new RowRejectedException(path, RejectReason.MISSING_FIELD, "field '" + path + "' is missing");
        }
        if (!value.isTextual()) {
            throw new RowRejectedException(path, RejectReason.NON_STRING_CONTENT,
                    "field '" + path + "' is " + value.getNodeType() + ", expected a string");
        }
        return value.textValue();
    }

    /** A string that must hold some non-whitespace text. */
    static String nonEmptyString(JsonNode row, String field, String path) throws RowRejectedException {
        String value = requiredString(row, field, path);
        if (value.isBlank()) {
            throw new RowRejectedException(path, RejectReason.EMPTY_CONTENT, "field '" + path + "' is empty");
        }
        return value;
    }

    /** An optional string: absent, null or empty gives null. */
    static String optionalString(JsonNode row, String field) throws RowRejectedException {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RowRejectedException(field, RejectReason.NON_STRING_CONTENT,
                    "field '" + field + "' is " + value.getNodeType() + ", expected a string");
        }
        return value.textValue().isEmpty() ? null : value.textValue();
    }

    /** A list field, or JSON text of a list; absent gives null. */
    static JsonNode optionalArray(JsonNode row, String field) throws RowRejectedException {
        JsonNode value = parseIfText(row.get(field), field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new RowRejectedException(field, RejectReason.INVALID_FIELD,
                    "field '" + field + "' is " + value.getNodeType() + ", expected a list");
        }
        return value;
    }

    static JsonNode requiredArray(JsonNode row, String field) throws RowRejectedException {
        JsonNode value = optionalArray(row, field);
        if (value == null) {
            throw new RowRejectedException(field, RejectReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        return value;
    }

    /** An object field, or JSON text of an object; absent gives null. */
    static JsonNode optionalObject(JsonNode row, String field) throws RowRejectedException {
        JsonNode value = parseIfText(row.get(field), field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new RowRejectedException(field, RejectReason.INVALID_FIELD,
                    "field '" + field + "' is " + value.getNodeType() + ", expected an object");
        }
        return value;
    }

    private static JsonNode parseIfText(JsonNode value, String field) throws RowRejectedException {
        if (value == null || !value.isTextual()) {
            return value;
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (!text.startsWith("[") && !text.startsWith("{")) {
            return value;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RowRejectedException(field, RejectReason.INVALID_FIELD,
                    "field '" + field + "' holds text that is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
