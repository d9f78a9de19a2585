package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RowRejectedException;

/**
 * OpenAI/TRL conversational rows {@code {messages, tools?, chat_template_kwargs?, metadata?}}, smoltalk2's
 * included; the message list may also sit under {@code conversations} with role/content keys.
 */
final class MessagesConverter implements RowConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String column;

    MessagesConverter(String column) {
        this.column = column;
    }

    @Override
    public ObjectNode convert(JsonNode row) throws RowRejectedException {
        ObjectNode out = NODES.objectNode();
        out.set("messages", MessageNormalizer.messages(RowFields.requiredArray(row, column), column));
        ArrayNode tools = ToolSchemas.tools(row, "tools");
        if (tools != null) {
            out.set("tools", tools);
        }
        JsonNode kwargs = RowFields.optionalObject(row, "chat_template_kwargs");
        if (kwargs != null) {
            ObjectNode kept = NODES.objectNode();
            // Parquet structs give every key of the schema, null where a row has no value: drop those
            kwargs.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    kept.set(e.getKey(), e.getValue());
                }
            });
            if (!kept.isEmpty()) {
                out.set("chat_template_kwargs", kept);
            }
        }
        JsonNode metadata = RowFields.optionalObject(row, "metadata");
        if (metadata != null && !metadata.isEmpty()) {
            out.set("metadata", metadata);
        }
        return out;
    }
}
