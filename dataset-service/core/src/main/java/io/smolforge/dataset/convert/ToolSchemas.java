package io.smolforge.dataset.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.io.IOException;

/**
 * Brings tool definitions and tool calls into the OpenAI shape that transformers' chat templates read:
 * {@code {"type":"function","function":{...}}} for tools and
 * {@code {"type":"function","function":{"name":…,"arguments":{…}}}} for calls, with arguments as an object.
 * ShareGPT/LLaMA-Factory data gives bare {@code {"name":…}} definitions and JSON-text arguments.
 */
final class ToolSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ToolSchemas() {
    }

    /** The row's tool list in OpenAI shape, or null when it has none. */
    static ArrayNode tools(JsonNode row, String field) throws RowRejectedException {
        JsonNode tools = RowFields.optionalArray(row, field);
        if (tools == null || tools.isEmpty()) {
            return null;
        }
        ArrayNode normalized = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = field + "[" + i + "]";
            if (tool.isObject() && tool.has("function") && tool.get("function").isObject()) {
                normalized.add(tool);
            } else if (tool.isObject() && tool.path("name").isTextual()) {
                ObjectNode wrapped = normalized.addObject();
                wrapped.put("type", "function");
                wrapped.set("function", tool);
            } else {
                throw new RowRejectedException(path, RejectReason.INVALID_FIELD,
                        "a tool must be {\"type\":\"function\",\"function\":{…}} or {\"name\":…}");
            }
        }
        return normalized;
    }

    /** One tool call in OpenAI shape. Accepts OpenAI's form and ShareGPT's {"name","arguments"}. */
    static ObjectNode call(JsonNode call, String path) throws RowRejectedException {
        if (!call.isObject()) {
            throw new RowRejectedException(path, RejectReason.INVALID_TOOL_CALL, "a tool call must be an object");
        }
        JsonNode function = call.has("function") ? call.get("function") : call;
        if (!function.isObject() || !function.path("name").isTextual() || function.path("name").textValue().isBlank()) {
            throw new RowRejectedException(path, RejectReason.INVALID_TOOL_CALL, "a tool call needs a function name");
        }
        ObjectNode normalized = NODES.objectNode();
        if (call.path("id").isTextual()) {
            normalized.put("id", call.get("id").textValue());
        }
        normalized.put("type", "function");
        ObjectNode body = normalized.putObject("function");
        body.put("name", function.get("name").textValue());
        body.set("arguments", arguments(function.get("arguments"), path));
        return normalized;
    }

    /** Calls from ShareGPT's function_call text: one call object or a list of them. */
    static ArrayNode callsFromText(String text, String path) throws RowRejectedException {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RowRejectedException(path, RejectReason.INVALID_TOOL_CALL,
                    "function call is not valid JSON: " + e.getOriginalMessage());
        }
        ArrayNode calls = NODES.arrayNode();
        if (parsed != null && parsed.isArray()) {
            for (int i = 0; i < parsed.size(); i++) {
                calls.add(call(parsed.get(i), path));
            }
        } else {
            calls.add(call(parsed == null ? NODES.nullNode() : parsed, path));
        }
        if (calls.isEmpty()) {
            throw new RowRejectedException(path, RejectReason.INVALID_TOOL_CALL, "function call list is empty");
        }
        return calls;
    }

    /** Calls as SmolLM3 writes them: one {@code <tool_call>} block per call, JSON spaced like Python's json.dumps. */
    static String asText(JsonNode calls) {
        StringBuilder text = new StringBuilder();
        for (JsonNode call : calls) {
            ObjectNode body = NODES.objectNode();
            body.set("name", call.path("function").get("name"));
            body.set("arguments", call.path("function").get("arguments"));
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append("<tool_call>\n").append(pythonStyle(body)).append("\n</tool_call>");
        }
        return text.toString();
    }

    private static String pythonStyle(JsonNode value) {
        try {
            return JSON.writer(new PythonJsonSpacing()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** {@code ", "} between items and {@code ": "} after keys, as Python's json.dumps does by default. */
    private static final class PythonJsonSpacing extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    private static JsonNode arguments(JsonNode arguments, String path) throws RowRejectedException {
        if (arguments == null || arguments.isNull()) {
            return NODES.objectNode();
        }
        if (arguments.isObject()) {
            return arguments;
        }
        if (arguments.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(arguments.textValue().isBlank() ? "{}" : arguments.textValue());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                // reported below
            }
        }
        throw new RowRejectedException(path + ".arguments", RejectReason.INVALID_TOOL_CALL,
                "tool call arguments must be an object or JSON text of one");
    }
}
