package io.smolforge.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of a TRL {@code sft} config with its type and default, loaded from
 * {@code trl-sft-arguments.json} (a dump of TRL's dataclasses; see the README beside it).
 */
public final class TrlArguments {

    private static final String RESOURCE = "trl-sft-arguments.json";
    private static final TrlArguments STANDARD = load();

    private final Map<String, ArgumentDefinition> byName;
    private final Map<String, String> versions;

    private TrlArguments(Map<String, ArgumentDefinition> byName, Map<String, String> versions) {
        this.byName = Collections.unmodifiableMap(byName);
        this.versions = Collections.unmodifiableMap(versions);
    }

    /** The catalog shipped with this library. */
    public static TrlArguments standard() {
        return STANDARD;
    }

    public Optional<ArgumentDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All definitions in the order of the dump (ScriptArguments, SFTConfig, ModelConfig, DatasetMixtureConfig). */
    public Collection<ArgumentDefinition> all() {
        return byName.values();
    }

    /** Library versions the catalog was dumped from, e.g. {@code {trl=1.13.0, transformers=5.18.0}}. */
    public Map<String, String> versions() {
        return versions;
    }

    private static TrlArguments load() {
        try (InputStream in = TrlArguments.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, ArgumentDefinition> byName = new LinkedHashMap<>();
            Map<String, String> versions = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> groups = root.fields(); groups.hasNext(); ) {
                Map.Entry<String, JsonNode> group = groups.next();
                if (group.getKey().equals("_versions")) {
                    group.getValue().fields().forEachRemaining(v -> versions.put(v.getKey(), v.getValue().asText()));
                    continue;
                }
                for (JsonNode field : group.getValue()) {
                    ArgumentDefinition definition = define(group.getKey(), field);
                    byName.putIfAbsent(definition.name(), definition);
                }
            }
            return new TrlArguments(byName, versions);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static ArgumentDefinition define(String group, JsonNode field) {
        String name = field.path("name").asText();
        ValueType type = ValueType.fromPython(field.path("type").asText());
        try {
            Object defaultValue = ArgumentValueReader.read(field.get("default"), type);
            return new ArgumentDefinition(name, group, type, defaultValue, field.path("help").asText());
        } catch (ArgumentValueReader.WrongValue e) {
            throw new IllegalStateException(RESOURCE + ": default of " + name + " does not fit its type: " + e.getMessage());
        }
    }
}
