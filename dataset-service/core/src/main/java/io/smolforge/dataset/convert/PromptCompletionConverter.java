package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;

/**
 * TRL prompt-completion rows, kept as their own type (loss on the completion only): both fields strings, or both
 * message lists, where the completion holds the assistant's turns.
 */
final class PromptCompletionConverter implements RowConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public ObjectNode convert(JsonNode row) throws RowRejectedException {
        JsonNode prompt = present(row, "prompt");
        JsonNode completion = present(row, "completion");
        ObjectNode out = NODES.objectNode();
        if (prompt.isTextual() && completion.isTextual()) {
            out.put("prompt", RowFields.nonEmptyString(row, "prompt", "prompt"));
            out.put("completion", RowFields.nonEmptyString(row, "completion", "completion"));
        } else if (prompt.isArray() && completion.isArray()) {
            ArrayNode promptMessages = MessageNormalizer.messages(prompt, "prompt");
            ArrayNode completionMessages = MessageNormalizer.messages(completion, "completion");
            for (int i = 0; i < completionMessages.size(); i++) {
                String role = completionMessages.get(i).get("role").textValue();
                if (!role.equals("assistant") && !role.equals("tool")) {
                    throw new RowRejectedException("completion[" + i + "].role", RejectReason.INVALID_FIELD,
                            "a completion holds assistant (and tool) turns, not " + role);
                }
            }
            if (!completionMessages.get(completionMessages.size() - 1).get("role").textValue().equals("assistant")) {
                throw new RowRejectedException("completion", RejectReason.ENDS_ON_TOOL_TURN,
                        "the completion must end on an assistant turn");
            }
            out.set("prompt", promptMessages);
            out.set("completion", completionMessages);
            ArrayNode tools = ToolSchemas.tools(row, "tools");
            if (tools != null) {
                out.set("tools", tools);
            }
        } else {
            throw new RowRejectedException("completion", RejectReason.INVALID_FIELD,
                    "prompt and completion must both be strings or both be message lists");
        }
        JsonNode metadata = RowFields.optionalObject(row, "metadata");
        if (metadata != null && !metadata.isEmpty()) {
            out.set("metadata", metadata);
        }
        return out;
    }

    private static JsonNode present(JsonNode row, String field) throws RowRejectedException {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            throw new RowRejectedException(field, RejectReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        if (!value.isTextual() && !value.isArray()) {
            throw new RowRejectedException(field, RejectReason.NON_STRING_CONTENT,
                    "field '" + field + "' is " + value.getNodeType() + ", expected a string or a message list");
        }
        return value;
    }
}
