package io.smolforge.api.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated fine-tuning job: every TRL {@code sft} key with the value the user gave or TRL's default, plus
 * the SmolForge-only settings. Values are plain Java: Boolean, Integer (Long if large), Double, String,
 * List, Map, or null where TRL's default is None. Made by {@link JobSpecParser}.
 */
public final class JobSpec {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values;
    private final Set<String> givenKeys;
    private final SmolForgeSettings smolforge;
    private final List<String> warnings;

    JobSpec(Map<String, Object> values, Set<String> givenKeys, SmolForgeSettings smolforge, List<String> warnings) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.givenKeys = Set.copyOf(givenKeys);
        this.smolforge = smolforge;
        this.warnings = List.copyOf(warnings);
    }

    /** The raw value of a TRL key (null where TRL's default is None and none was given). */
    public Object get(String key) {
        if (!values.containsKey(key)) {
            String suggestion = ClosestName.among(key, values.keySet()).map(k -> "; did you mean '" + k + "'?").orElse("");
            throw new IllegalArgumentException("'" + key + "' is not a TRL sft key" + suggestion);
        }
        return values.get(key);
    }

    /** Whether the spec gave this key itself (rather than taking TRL's default). */
    public boolean isGiven(String key) {
        return givenKeys.contains(key);
    }

    public String getString(String key) {
        Object value = get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw notA("a string", key, value);
    }

    public Integer getInt(String key) {
        Object value = get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
            return d.intValue(); // float-typed step counts such as warmup_steps: 100
        }
        throw notA("an int", key, value);
    }

    public Long getLong(String key) {
        Object value = get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        throw notA("a whole number", key, value);
    }

    public Double getDouble(String key) {
        Object value = get(key);
        if (value == null || value instanceof Number) {
            return value == null ? null : ((Number) value).doubleValue();
        }
        throw notA("a number", key, value);
    }

    public Boolean getBoolean(String key) {
        Object value = get(key);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw notA("a boolean", key, value);
    }

    /** A list-of-strings key; a single string (e.g. {@code lora_target_modules: all-linear}) is a list of one. */
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        Object value = get(key);
        if (value == null || value instanceof List) {
            return (List<String>) value;
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        throw notA("a list of strings", key, value);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(String key) {
        Object value = get(key);
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw notA("a mapping", key, value);
    }

    /**
     * TRL's dataset mixture ({@code datasets:}), each entry with every DatasetConfig field filled
     * (path, name, data_dir, data_files, split, columns, fraction); empty when not given.
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> datasets() {
        return (List<Map<String, Object>>) get("datasets");
    }

    public SmolForgeSettings smolforge() {
        return smolforge;
    }

    /** Deprecation notices, each naming the key or value to use instead. */
    public List<String> warnings() {
        return warnings;
    }

    /** Every TRL key and its value, in TRL's declaration order. */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The whole spec as JSON (every TRL key, then {@code smolforge}); {@link JobSpecParser#parse(String)} reads
     * it back to an equal spec. This is what is stored as {@code jobs/{id}/spec.json}.
     */
    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>(values);
        document.put(SmolForgeSettings.KEY, smolforge.toMap());
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A job spec holds only plain values, yet cannot be written as JSON", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobSpec that && values.equals(that.values) && smolforge.equals(that.smolforge);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + smolforge.hashCode();
    }

    @Override
    public String toString() {
        return "JobSpec" + givenKeys.stream().sorted().map(k -> k + "=" + values.get(k)).toList() + " " + smolforge;
    }

    private static IllegalStateException notA(String kind, String key, Object value) {
        return new IllegalStateException(key + " is " + value + " (" + value.getClass().getSimpleName() + "), not " + kind);
    }
}
