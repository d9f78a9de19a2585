package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.ColumnMapping;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;

/**
 * ShareGPT {@code {conversations: [{from, value}], system?, tools?}} (names from a {@link ColumnMapping}).
 * Unlike TRL, which only renames the keys and leaves {@code human}/{@code gpt} as roles, the roles become
 * OpenAI's: human/user → user, gpt/assistant → assistant, function_call → an assistant turn with
 * {@code tool_calls}, observation/tool → a {@code tool} turn.
 */
final class ShareGptConverter implements RowConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ColumnMapping mapping;

    ShareGptConverter(ColumnMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public ObjectNode convert(JsonNode row) throws RowRejectedException {
        String column = mapping.column("messages");
        JsonNode turns = RowFields.requiredArray(row, column);
        if (turns.isEmpty()) {
            throw new RowRejectedException(column, RejectReason.EMPTY_CONTENT, "the conversation is empty");
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode messages = out.putArray("messages");
        String system = RowFields.optionalString(row, mapping.column("system"));
        if (system != null && !system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = turns.get(i);
            boolean emptySystem = turn.isObject() && turn.path(mapping.tag("role_tag")).asText().equals(mapping.tag("system_tag"))
                    && turn.path(mapping.tag("content_tag")).asText("").isBlank();
            if (!emptySystem) {
                messages.add(turn(turn, column + "[" + i + "]"));
            }
        }
        ArrayNode tools = ToolSchemas.tools(row, mapping.column("tools"));
        if (tools != null) {
            out.set("tools", tools);
        }
        return out;
    }

    private ObjectNode turn(JsonNode turn, String path) throws RowRejectedException {
        if (!turn.isObject()) {
            throw new RowRejectedException(path, RejectReason.INVALID_FIELD, "a turn must be an object");
        }
        String roleTag = mapping.tag("role_tag");
        String contentTag = mapping.tag("content_tag");
        JsonNode from = turn.get(roleTag);
        if (from == null || from.isNull()) {
            throw new RowRejectedException(path + "." + roleTag, RejectReason.MISSING_FIELD, "the turn has no role");
        }
        String valuePath = path + "." + contentTag;
        String value = RowFields.requiredString(turn, contentTag, valuePath);
        String role = role(from, path + "." + roleTag);
        ObjectNode message = NODES.objectNode();
        if (role.equals("function_call")) {
            message.put("role", "assistant").put("content", "");
            message.set("tool_calls", ToolSchemas.callsFromText(value, valuePath));
            return message;
        }
        if (value.isBlank()) {
            throw new RowRejectedException(valuePath, RejectReason.EMPTY_CONTENT, "the " + role + " turn is empty");
        }
        return message.put("role", role).put("content", value);
    }

    private String role(JsonNode from, String path) throws RowRejectedException {
        String tag = from.isTextual() ? from.textValue() : "";
        if (tag.equals(mapping.tag("user_tag")) || tag.equals("human") || tag.equals("user")) {
            return "user";
        }
        if (tag.equals(mapping.tag("assistant_tag")) || tag.equals("gpt") || tag.equals("assistant")) {
            return "assistant";
        }
        if (tag.equals(mapping.tag("system_tag")) || tag.equals("system")) {
            return "system";
        }
        if (tag.equals(mapping.tag("function_tag")) || tag.equals("function_call")) {
            return "function_call";
        }
        if (tag.equals(mapping.tag("observation_tag")) || tag.equals("observation") || tag.equals("tool")) {
            return "tool";
        }
        throw new RowRejectedException(path, RejectReason.UNKNOWN_ROLE, "unknown role " + from
                + "; expected system, human, user, gpt, assistant, function_call, observation or tool");
    }
}
