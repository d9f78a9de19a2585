package io.smolforge.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's description of a custom schema, written like one entry of LLaMA-Factory's {@code dataset_info.json}:
 * <pre>
 * {"formatting": "alpaca" | "sharegpt",
 *  "columns": {"prompt", "query", "response", "history", "system", "tools", "messages"},
 *  "tags": {"role_tag", "content_tag", "user_tag", "assistant_tag", "observation_tag", "function_tag", "system_tag"}}
 * </pre>
 * Unset names fall back to LLaMA-Factory's defaults ({@code instruction}, {@code input}, {@code output},
 * {@code conversations}, {@code from}, {@code value}, {@code human}, {@code gpt}, …).
 */
public record ColumnMapping(String formatting, Map<String, String> columns, Map<String, String> tags) {
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("prompt", "instruction"), Map.entry("query", "input"), Map.entry("response", "output"),
            Map.entry("history", "history"), Map.entry("system", "system"), Map.entry("tools", "tools"),
            Map.entry("messages", "conversations"),
            Map.entry("role_tag", "from"), Map.entry("content_tag", "value"), Map.entry("user_tag", "human"),
            Map.entry("assistant_tag", "gpt"), Map.entry("observation_tag", "observation"),
            Map.entry("function_tag", "function_call"), Map.entry("system_tag", "system"));

    public ColumnMapping {
        if (!formatting.equals("alpaca") && !formatting.equals("sharegpt")) {
            throw new IllegalArgumentException("mapping 'formatting' must be alpaca or sharegpt, not '" + formatting + "'");
        }
        columns = Map.copyOf(columns);
        tags = Map.copyOf(tags);
    }

    /** LLaMA-Factory's defaults for a formatting. */
    public static ColumnMapping defaults(String formatting) {
        return new ColumnMapping(formatting, Map.of(), Map.of());
    }

    /** The column name for a role such as {@code prompt} or {@code messages}. */
    public String column(String key) {
        return columns.getOrDefault(key, DEFAULTS.get(key));
    }

    /** The tag for a key such as {@code role_tag} or {@code user_tag}. */
    public String tag(String key) {
        return tags.getOrDefault(key, DEFAULTS.get(key));
    }

    /**
     * Loads a mapping file: a single entry, or a {@code dataset_info.json} with several entries, of which
     * {@code entryName} picks one (it may be null when the file holds exactly one).
     */
    public static ColumnMapping load(Path file, String entryName) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": a column mapping must be a JSON object");
        }
        try {
            return parse(root, entryName);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static ColumnMapping parse(JsonNode root, String entryName) {
        JsonNode entry = root;
        boolean singleEntry = root.has("columns") || root.has("formatting") || root.has("tags");
        if (!singleEntry) {
            List<String> names = new ArrayList<>();
            root.fieldNames().forEachRemaining(names::add);
            if (entryName != null) {
                entry = root.get(entryName);
                if (entry == null) {
                    throw new IllegalArgumentException("no mapping entry '" + entryName + "'; entries: " + names);
                }
            } else if (names.size() == 1) {
                entry = root.get(names.get(0));
            } else {
                throw new IllegalArgumentException("the file holds several mapping entries " + names + "; name one");
            }
        }
        String formatting = entry.path("formatting").asText("alpaca");
        return new ColumnMapping(formatting, strings(entry.get("columns")), strings(entry.get("tags")));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    values.put(e.getKey(), e.getValue().textValue());
                }
            });
        }
        return values;
    }
}
