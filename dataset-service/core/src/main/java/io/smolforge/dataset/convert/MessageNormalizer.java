package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.util.Map;

/**
 * Turns OpenAI/TRL-style messages into the contract's shape: roles system|user|assistant|tool, content a string
 * (text parts joined as chat templates join them), reasoning (a {@code reasoning} part or a
 * {@code reasoning_content}/{@code reasoning}/{@code thinking} field) folded into a leading think block,
 * tool calls in OpenAI shape.
 */
final class MessageNormalizer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** OpenAI's roles plus the aliases datasets commonly use for them. */
    private static final Map<String, String> ROLES = Map.of(
            "system", "system", "developer", "system",
            "user", "user", "human", "user",
            "assistant", "assistant", "gpt", "assistant",
            "tool", "tool", "function", "tool", "ipython", "tool");
    private static final String[] REASONING_FIELDS = {"reasoning_content", "reasoning", "thinking"};

    private MessageNormalizer() {
    }

    static ArrayNode messages(JsonNode list, String path) throws RowRejectedException {
        if (list.isEmpty()) {
            throw new RowRejectedException(path, RejectReason.EMPTY_CONTENT, "the message list is empty");
        }
        ArrayNode normalized = NODES.arrayNode(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (isEmptySystemTurn(list.get(i))) {
                continue;
            }
            normalized.add(message(list.get(i), path + "[" + i + "]"));
        }
        if (normalized.isEmpty()) {
            throw new RowRejectedException(path, RejectReason.EMPTY_CONTENT, "the message list holds only empty system turns");
        }
        return normalized;
    }

    /**
     * Exports often carry {@code {"role": "system", "content": ""}}: it says nothing, and chat templates render an
     * empty system turn differently from none (SmolLM3 would drop its default system prompt), so it is left out.
     */
    static boolean isEmptySystemTurn(JsonNode message) {
        JsonNode content = message.get("content");
        return message.isObject() && "system".equals(ROLES.get(message.path("role").asText()))
                && (content == null || content.isNull() || (content.isTextual() && content.textValue().isBlank()));
    }

    static ObjectNode message(JsonNode message, String path) throws RowRejectedException {
        if (!message.isObject()) {
            throw new RowRejectedException(path, RejectReason.INVALID_FIELD, "a message must be an object");
        }
        String role = role(message.get("role"), path + ".role");
        boolean assistant = role.equals("assistant");
        ArrayNode toolCalls = toolCalls(message.get("tool_calls"), assistant, path + ".tool_calls");

        StringBuilder reasoning = new StringBuilder();
        String content = content(message.get("content"), path + ".content", reasoning, toolCalls != null);
        for (String field : REASONING_FIELDS) {
            JsonNode value = message.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isTextual()) {
                    throw new RowRejectedException(path + "." + field, RejectReason.NON_STRING_CONTENT,
                            "reasoning must be a string");
                }
                appendParagraph(reasoning, value.textValue());
            }
        }
        String contentPath = path + ".content";
        if (!reasoning.toString().isBlank()) {
            if (!assistant) {
                throw new RowRejectedException(path, RejectReason.MISPLACED_THINK_TAGS,
                        "reasoning on a " + role + " turn; only assistant turns may reason");
            }
            if (ThinkTags.mentions(content)) {
                throw new RowRejectedException(contentPath, RejectReason.MISPLACED_THINK_TAGS,
                        "content already holds think tags and reasoning is given separately too");
            }
            content = ThinkTags.fold(reasoning.toString(), content);
        }
        if (content.isBlank() && toolCalls == null) {
            throw new RowRejectedException(contentPath, RejectReason.EMPTY_CONTENT, "the " + role + " turn is empty");
        }

        ObjectNode normalized = NODES.objectNode();
        normalized.put("role", role);
        normalized.put("content", content);
        if (toolCalls != null) {
            normalized.set("tool_calls", toolCalls);
        }
        copyString(message, normalized, "name");
        copyString(message, normalized, "tool_call_id");
        return normalized;
    }

    static String role(JsonNode role, String path) throws RowRejectedException {
        if (role == null || role.isNull()) {
            throw new RowRejectedException(path, RejectReason.MISSING_FIELD, "the message has no role");
        }
        String canonical = role.isTextual() ? ROLES.get(role.textValue()) : null;
        if (canonical == null) {
            throw new RowRejectedException(path, RejectReason.UNKNOWN_ROLE, "unknown role " + role
                    + "; expected one of system, developer, user, human, assistant, gpt, tool, function");
        }
        return canonical;
    }

    private static String content(JsonNode content, String path, StringBuilder reasoning, boolean hasToolCalls)
            throws RowRejectedException {
        if (content == null || content.isNull()) {
            if (hasToolCalls) {
                return "";
            }
            throw new RowRejectedException(path, RejectReason.EMPTY_CONTENT, "the message has no content");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw new RowRejectedException(path, RejectReason.NON_STRING_CONTENT,
                    "content is " + content.getNodeType() + ", expected a string or a list of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            String type = part.path("type").asText("text");
            if (!part.isObject()) {
                throw new RowRejectedException(partPath, RejectReason.NON_STRING_CONTENT, "a content part must be an object");
            }
            switch (type) {
                case "text" -> text.append(partText(part, partPath, "text", "value"));
                case "reasoning", "thinking" -> appendParagraph(reasoning,
                        partText(part, partPath, "text", "reasoning", "thinking", "value"));
                default -> throw new RowRejectedException(partPath + ".type", RejectReason.UNSUPPORTED_CONTENT_PART,
                        "content part of type '" + type + "': only text and reasoning parts are supported");
            }
        }
        return text.toString();
    }

    private static String partText(JsonNode part, String path, String... keys) throws RowRejectedException {
        for (String key : keys) {
            JsonNode value = part.get(key);
            if (value != null && !value.isNull()) {
                if (!value.isTextual()) {
                    throw new RowRejectedException(path + "." + key, RejectReason.NON_STRING_CONTENT,
                            "part text is " + value.getNodeType() + ", expected a string");
                }
                return value.textValue();
            }
        }
        throw new RowRejectedException(path, RejectReason.MISSING_FIELD, "the content part has no text");
    }

    private static ArrayNode toolCalls(JsonNode calls, boolean assistant, String path) throws RowRejectedException {
        if (calls == null || calls.isNull() || (calls.isArray() && calls.isEmpty())) {
            return null;
        }
        if (!assistant) {
            throw new RowRejectedException(path, RejectReason.INVALID_TOOL_CALL, "only assistant turns call tools");
        }
        if (!calls.isArray()) {
            throw new RowRejectedException(path, RejectReason.INVALID_TOOL_CALL, "tool_calls must be a list");
        }
        ArrayNode normalized = NODES.arrayNode(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            normalized.add(ToolSchemas.call(calls.get(i), path + "[" + i + "]"));
        }
        return normalized;
    }

    private static void appendParagraph(StringBuilder text, String paragraph) {
        if (paragraph.isBlank()) {
            return;
        }
        if (text.length() > 0) {
            text.append("\n\n");
        }
        text.append(paragraph.strip());
    }

    private static void copyString(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && value.isTextual()) {
            to.put(field, value.textValue());
        }
    }
}
