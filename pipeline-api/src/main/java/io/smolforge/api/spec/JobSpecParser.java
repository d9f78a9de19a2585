package io.smolforge.api.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smolforge.api.spec.ValueType.Kind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a TRL {@code sft} config (YAML or JSON) into a {@link JobSpec}: fills TRL's defaults, accepts the
 * deprecated keys older configs carry (with a warning), and rejects unknown keys, wrong types and impossible
 * values — all of them at once, in one {@link InvalidJobSpecException}.
 */
public final class JobSpecParser {

    /** TRL's {@code DatasetConfig} (one entry of {@code datasets:}); {@code path} is required. */
    private static final List<ArgumentDefinition> DATASET_ENTRY = List.of(
            datasetField("path", ValueType.of(Kind.STRING, false)),
            datasetField("name", ValueType.of(Kind.STRING, true)),
            datasetField("data_dir", ValueType.of(Kind.STRING, true)),
            datasetField("data_files", new ValueType(Set.of(Kind.STRING, Kind.STRING_LIST, Kind.MAP), true)),
            datasetField("split", ValueType.of(Kind.STRING, false), "train"),
            datasetField("columns", ValueType.of(Kind.STRING_LIST, true)),
            datasetField("fraction", ValueType.of(Kind.NUMBER, true)));

    /** Keys TRL knows that SmolForge refuses, and why. */
    private static final Map<String, String> REFUSED_KEYS = Map.of(
            "hub_token", "a Hub token in a job spec would be stored with the job; give it to hub-publisher's configuration instead");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private final TrlArguments arguments;
    private final List<SpecProblem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private KeyLines lines;

    private JobSpecParser(TrlArguments arguments) {
        this.arguments = arguments;
    }

    /** Parses a YAML or JSON document (JSON when it starts with '{'). */
    public static JobSpec parse(String yamlOrJson) {
        return parse(yamlOrJson, "document");
    }

    /**
     * @param source what to call the document in errors, e.g. a file name or "request body"
     */
    public static JobSpec parse(String yamlOrJson, String source) {
        return new JobSpecParser(TrlArguments.standard()).read(yamlOrJson, source);
    }

    public static JobSpec parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read job spec " + file + ": " + e.getMessage(), e);
        }
    }

    private JobSpec read(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark that some Windows editors write
        }
        ObjectMapper mapper = text.stripLeading().startsWith("{") ? JSON : YAML;
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new InvalidJobSpecException(source, List.of(new SpecProblem("",
                    "not valid " + (mapper == JSON ? "JSON" : "YAML") + ": " + e.getOriginalMessage(),
                    where == null ? null : where.getLineNr())));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = mapper.createObjectNode(); // an empty file is TRL's defaults
        }
        if (!root.isObject()) {
            throw new InvalidJobSpecException(source, List.of(new SpecProblem("",
                    "a job spec must be a mapping of keys to values, got " + ArgumentValueReader.shapeOf(root))));
        }
        lines = KeyLines.of(mapper.getFactory(), text);

        Map<String, Object> values = new LinkedHashMap<>();
        arguments.all().forEach(d -> values.put(d.name(), d.defaultValue()));
        Set<String> given = new LinkedHashSet<>();
        SmolForgeSettings smolforge = SmolForgeSettings.defaults();

        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals(SmolForgeSettings.KEY)) {
                smolforge = readSmolForge(field.getValue());
                continue;
            }
            String target = key;
            Optional<Deprecations.RenamedKey> renamed = Deprecations.renamedKey(key);
            if (renamed.isPresent()) {
                target = renamed.get().newName();
                if (root.has(target)) {
                    problem(key, "give only one of " + key + " and " + target + " (" + key + " is deprecated)");
                    continue;
                }
                warnings.add(Deprecations.warningFor(renamed.get()));
            }
            Optional<ArgumentDefinition> definition = arguments.find(target);
            if (definition.isEmpty()) {
                problem(key, "unknown key" + suggestionFor(key));
                continue;
            }
            if (REFUSED_KEYS.containsKey(key) && !field.getValue().isNull()) {
                problem(key, REFUSED_KEYS.get(key));
                continue;
            }
            Present value = readValue(key, definition.get(), field.getValue());
            if (value != null) {
                values.put(target, value.value());
                given.add(target);
            }
        }
        values.put("datasets", readDatasets(values.get("datasets")));
        checkTogether(values);

        if (!problems.isEmpty()) {
            throw new InvalidJobSpecException(source, problems);
        }
        return new JobSpec(values, given, smolforge, warnings);
    }

    /** Reads and checks one value; returns null when it is wrong (the problem is recorded). */
    private Present readValue(String key, ArgumentDefinition definition, JsonNode node) {
        Object value;
        try {
            value = ArgumentValueReader.read(node, definition.type());
        } catch (ArgumentValueReader.WrongValue e) {
            problem(key, e.getMessage());
            return null;
        }
        String ruleKey = definition.group().equals(SmolForgeSettings.KEY) ? SmolForgeSettings.KEY + "." + definition.name() : definition.name();
        Optional<String> replacement = Deprecations.replacementValue(ruleKey, value);
        if (replacement.isPresent()) {
            warnings.add(Deprecations.valueWarning(key, value, replacement.get()));
            value = replacement.get();
        }
        Optional<String> violation = ValueRules.violation(ruleKey, value);
        if (violation.isPresent()) {
            problem(key, violation.get());
            return null;
        }
        return new Present(value);
    }

    /** A value read successfully — possibly null, which is a legitimate value for many TRL keys. */
    private record Present(Object value) {
    }

    private SmolForgeSettings readSmolForge(JsonNode section) {
        Map<String, Object> values = new LinkedHashMap<>();
        SmolForgeSettings.DEFINITIONS.forEach(d -> values.put(d.name(), d.defaultValue()));
        if (section.isNull()) {
            return SmolForgeSettings.fromValues(values);
        }
        if (!section.isObject()) {
            problem(SmolForgeSettings.KEY, "must be a mapping of SmolForge settings, got " + ArgumentValueReader.shapeOf(section));
            return SmolForgeSettings.fromValues(values);
        }
        Map<String, ArgumentDefinition> byName = new LinkedHashMap<>();
        SmolForgeSettings.DEFINITIONS.forEach(d -> byName.put(d.name(), d));
        readEntries(SmolForgeSettings.KEY, section, byName, values);
        if (values.get("activation_memory_mb") instanceof Integer budget && budget <= 0) {
            problem(SmolForgeSettings.KEY + ".activation_memory_mb", "must be > 0, got " + budget);
        }
        if (values.get("concurrent_passes") instanceof Integer passes && passes < 1) {
            problem(SmolForgeSettings.KEY + ".concurrent_passes", "must be >= 1, got " + passes);
        }
        return SmolForgeSettings.fromValues(values);
    }

    private List<Map<String, Object>> readDatasets(Object datasets) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) datasets;
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        Map<String, ArgumentDefinition> byName = new LinkedHashMap<>();
        DATASET_ENTRY.forEach(d -> byName.put(d.name(), d));
        List<Map<String, Object>> read = new ArrayList<>();
        int withFraction = 0;
        for (int i = 0; i < entries.size(); i++) {
            String prefix = "datasets[" + i + "]";
            JsonNode entry = JSON.valueToTree(entries.get(i));
            Map<String, Object> values = new LinkedHashMap<>();
            DATASET_ENTRY.forEach(d -> values.put(d.name(), d.defaultValue()));
            if (!entry.has("path")) {
                problem(prefix, "missing path (the dataset's Hub id or local path)");
            }
            readEntries(prefix, entry, byName, values);
            Object fraction = values.get("fraction");
            if (fraction != null) {
                withFraction++;
                if (((Double) fraction) <= 0) {
                    problem(prefix + ".fraction", "must be > 0, got " + fraction);
                }
            }
            read.add(values);
        }
        if (withFraction != 0 && withFraction != entries.size()) {
            problem("datasets", "fraction must be set for every dataset of the mixture or for none");
        }
        return List.copyOf(read);
    }

    /** Reads the fields of a nested mapping (smolforge section, dataset entry) against its definitions. */
    private void readEntries(String prefix, JsonNode mapping, Map<String, ArgumentDefinition> byName, Map<String, Object> into) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = mapping.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + "." + field.getKey();
            ArgumentDefinition definition = byName.get(field.getKey());
            if (definition == null) {
                String suggestion = ClosestName.among(field.getKey(), byName.keySet()).map(k -> "; did you mean '" + k + "'?").orElse("");
                problem(path, "unknown key" + suggestion + " (known: " + String.join(", ", byName.keySet()) + ")");
                continue;
            }
            Present value = readValue(path, definition, field.getValue());
            if (value != null) {
                into.put(definition.name(), value.value());
            }
        }
    }

    /** Combinations TRL refuses even though each value alone is fine. */
    private void checkTogether(Map<String, Object> values) {
        if (Boolean.TRUE.equals(values.get("fp16")) && Boolean.TRUE.equals(values.get("bf16"))) {
            problem("bf16", "fp16 and bf16 cannot both be true; choose one mixed precision");
        }
        if (Boolean.TRUE.equals(values.get("load_in_8bit")) && Boolean.TRUE.equals(values.get("load_in_4bit"))) {
            problem("load_in_4bit", "load_in_8bit and load_in_4bit cannot both be true");
        }
    }

    private String suggestionFor(String key) {
        List<String> known = new ArrayList<>();
        arguments.all().forEach(d -> known.add(d.name()));
        known.add(SmolForgeSettings.KEY);
        return ClosestName.among(key, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    private void problem(String key, String message) {
        problems.add(new SpecProblem(key, message, lines.lineOf(key)));
    }

    private static ArgumentDefinition datasetField(String name, ValueType type) {
        return datasetField(name, type, null);
    }

    private static ArgumentDefinition datasetField(String name, ValueType type, Object defaultValue) {
        return new ArgumentDefinition(name, "DatasetConfig", type, defaultValue, "");
    }
}
