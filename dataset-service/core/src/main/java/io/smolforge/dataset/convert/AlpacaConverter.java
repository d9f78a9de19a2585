package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.ColumnMapping;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;

/**
 * Alpaca {@code {instruction, input, output, system?, history?}} (column names from a {@link ColumnMapping}):
 * system first, then the history pairs, then user = instruction + blank line + input (input left out when empty),
 * then the output as the assistant turn.
 */
final class AlpacaConverter implements RowConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ColumnMapping mapping;

    AlpacaConverter(ColumnMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public ObjectNode convert(JsonNode row) throws RowRejectedException {
        String promptColumn = mapping.column("prompt");
        String instruction = RowFields.nonEmptyString(row, promptColumn, promptColumn);
        String input = RowFields.optionalString(row, mapping.column("query"));
        String responseColumn = mapping.column("response");
        String output = RowFields.nonEmptyString(row, responseColumn, responseColumn);

        ObjectNode out = NODES.objectNode();
        ArrayNode messages = out.putArray("messages");
        String system = RowFields.optionalString(row, mapping.column("system"));
        if (system != null && !system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        addHistory(row, messages);
        String user = input == null || input.isBlank() ? instruction : instruction + "\n\n" + input;
        messages.addObject().put("role", "user").put("content", user);
        messages.addObject().put("role", "assistant").put("content", output);
        ArrayNode tools = ToolSchemas.tools(row, mapping.column("tools"));
        if (tools != null) {
            out.set("tools", tools);
        }
        return out;
    }

    /** LLaMA-Factory's history: a list of [user, assistant] pairs that come before the instruction. */
    private void addHistory(JsonNode row, ArrayNode messages) throws RowRejectedException {
        String column = mapping.column("history");
        JsonNode history = RowFields.optionalArray(row, column);
        if (history == null) {
            return;
        }
        for (int i = 0; i < history.size(); i++) {
            JsonNode pair = history.get(i);
            String path = column + "[" + i + "]";
            if (!pair.isArray() || pair.size() != 2) {
                throw new RowRejectedException(path, RejectReason.INVALID_FIELD,
                        "a history entry must be a [user, assistant] pair");
            }
            messages.addObject().put("role", "user").put("content", pairText(pair, 0, path));
            messages.addObject().put("role", "assistant").put("content", pairText(pair, 1, path));
        }
    }

    private static String pairText(JsonNode pair, int index, String path) throws RowRejectedException {
        JsonNode value = pair.get(index);
        String where = path + "[" + index + "]";
        if (!value.isTextual()) {
            throw new RowRejectedException(where, RejectReason.NON_STRING_CONTENT, "history text must be a string");
        }
        if (value.textValue().isBlank()) {
            throw new RowRejectedException(where, RejectReason.EMPTY_CONTENT, "history turn is empty");
        }
        return value.textValue();
    }
}
