package io.smolforge.template.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model keeps its chat template and special tokens, as transformers reads them:
 * {@code chat_template.jinja} first, else {@code tokenizer_config.json}'s {@code chat_template} (a string, or
 * a list of {@code {name, template}} where "default" is used), else a processor's {@code chat_template.json};
 * special tokens from {@code tokenizer_config.json} (AddedToken objects give their content, nulls are left out).
 */
final class TemplateSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIAL_TOKEN_KEYS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token", "additional_special_tokens");

    private TemplateSource() {
    }

    record Loaded(String source, String name, Map<String, Object> specialTokens) {
    }

    static Loaded fromModelDir(Path dir) {
        Path jinja = dir.resolve("chat_template.jinja");
        Path config = dir.resolve("tokenizer_config.json");
        JsonNode configJson = Files.isRegularFile(config) ? readJson(config) : null;
        Map<String, Object> special = configJson == null ? Map.of() : specialTokens(configJson, config);
        if (Files.isRegularFile(jinja)) {
            return new Loaded(readString(jinja), dir.getFileName() + "/chat_template.jinja", special);
        }
        JsonNode template = configJson == null ? null : configJson.get("chat_template");
        if (template == null || template.isNull()) {
            // Processors (multimodal models) keep theirs in chat_template.json.
            Path processorTemplate = dir.resolve("chat_template.json");
            if (Files.isRegularFile(processorTemplate) && readJson(processorTemplate).path("chat_template").isTextual()) {
                return new Loaded(readJson(processorTemplate).get("chat_template").asText(),
                        dir.getFileName() + "/chat_template.json", special);
            }
            throw new TemplateError("no chat template in " + dir
                    + ": no chat_template.jinja, no \"chat_template\" in tokenizer_config.json, no chat_template.json", null);
        }
        if (template.isTextual()) {
            return new Loaded(template.asText(), dir.getFileName() + "/tokenizer_config.json", special);
        }
        if (template.isArray()) {
            for (JsonNode named : template) {
                if ("default".equals(named.path("name").asText())) {
                    return new Loaded(named.path("template").asText(), dir.getFileName() + "/tokenizer_config.json#default", special);
                }
            }
            throw new TemplateError(config + ": \"chat_template\" is a list without a template named \"default\"", null);
        }
        throw new TemplateError(config + ": \"chat_template\" must be a string or a list of {name, template}", null);
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new TemplateError("cannot read chat template " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new TemplateError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Special tokens as strings; transformers' AddedToken objects ({"content": ...}) give their content. */
    private static Map<String, Object> specialTokens(JsonNode config, Path file) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (String key : SPECIAL_TOKEN_KEYS) {
            JsonNode v = config.get(key);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isTextual()) {
                tokens.put(key, v.asText());
            } else if (v.isObject() && v.has("content")) {
                tokens.put(key, v.get("content").asText());
            } else if (v.isArray()) {
                List<Object> list = new java.util.ArrayList<>();
                v.forEach(item -> list.add(item.isObject() ? item.path("content").asText() : item.asText()));
                tokens.put(key, list);
            }
        }
        return tokens;
    }
}
