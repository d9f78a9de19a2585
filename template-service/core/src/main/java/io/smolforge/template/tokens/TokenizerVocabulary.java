package io.smolforge.template.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Token strings to ids and the special tokens of a Hugging Face tokenizer, read from
 * {@code tokenizer.json} (model vocab + {@code added_tokens}) and {@code tokenizer_config.json}
 * ({@code bos_token}, {@code eos_token}, …; {@code special_tokens_map.json} fills gaps). DJL's
 * tokenizer has no token-to-id lookup, so this is where ids of named tokens come from.
 */
public final class TokenizerVocabulary {

    /** Special-token keys transformers exposes to chat templates ({@code special_tokens_map}). */
    private static final String[] SPECIAL_TOKEN_KEYS = {
            "bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> ids;
    private final Map<String, String> specialTokens;

    TokenizerVocabulary(Map<String, Integer> ids, Map<String, String> specialTokens) {
        this.ids = ids;
        this.specialTokens = specialTokens;
    }

    /** Reads {@code tokenizer.json} and, when present, {@code tokenizer_config.json} / {@code special_tokens_map.json} of a model folder. */
    public static TokenizerVocabulary fromModelDir(Path dir) {
        return fromModelDir(dir, readJson(dir.resolve("tokenizer.json")));
    }

    static TokenizerVocabulary fromModelDir(Path dir, JsonNode tokenizer) {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = tokenizer.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), e.getValue().asInt());
            }
        } else if (vocab.isArray()) { // Unigram models: [[piece, score], …], id = position
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).get(0).asText(), i);
            }
        }
        for (JsonNode added : tokenizer.path("added_tokens")) {
            ids.put(added.path("content").asText(), added.path("id").asInt());
        }
        Map<String, String> special = new LinkedHashMap<>();
        for (String file : new String[] {"tokenizer_config.json", "special_tokens_map.json"}) {
            Path path = dir.resolve(file);
            if (!Files.exists(path)) {
                continue;
            }
            JsonNode config = readJson(path);
            for (String key : SPECIAL_TOKEN_KEYS) {
                JsonNode value = config.get(key);
                String token = value == null || value.isNull() ? null
                        : value.isTextual() ? value.asText() : value.path("content").asText(null);
                if (token != null) {
                    special.putIfAbsent(key, token);
                }
            }
        }
        return new TokenizerVocabulary(ids, special);
    }

    static JsonNode readJson(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new TokenizationException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The id of a token string (vocab or added token), if the tokenizer has it. */
    public OptionalInt find(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public int idOf(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new TokenizationException("token '" + token + "' is not in the tokenizer's vocabulary");
        }
        return id;
    }

    /** Vocabulary size including added tokens (highest id + 1). */
    public int size() {
        int max = -1;
        for (int id : ids.values()) {
            max = Math.max(max, id);
        }
        return max + 1;
    }

    /** {@code bos_token}, {@code eos_token}, … as transformers passes them to chat templates (only those set). */
    public Map<String, String> specialTokens() {
        return Map.copyOf(specialTokens);
    }

    public Optional<String> eosToken() {
        return Optional.ofNullable(specialTokens.get("eos_token"));
    }

    public Optional<String> bosToken() {
        return Optional.ofNullable(specialTokens.get("bos_token"));
    }
}
