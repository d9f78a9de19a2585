package io.smolforge.api.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON shapes a job-spec key accepts, derived from the Python type annotation TRL declares for it
 * (for example {@code "dict | str | None"} accepts a map, a string or null).
 */
public record ValueType(Set<Kind> kinds, boolean nullable) {

    public enum Kind {
        BOOLEAN("true or false"),
        INTEGER("an integer"),
        NUMBER("a number"),
        STRING("a string"),
        STRING_LIST("a list of strings"),
        MAP("a mapping"),
        MAP_LIST("a list of mappings");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    public ValueType {
        kinds = kinds.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(kinds);
    }

    public static ValueType of(Kind kind, boolean nullable) {
        return new ValueType(EnumSet.of(kind), nullable);
    }

    public boolean accepts(Kind kind) {
        return kinds.contains(kind);
    }

    /** Human wording for error messages, e.g. "a number or null". */
    public String describe() {
        List<String> parts = kinds.stream().map(k -> k.description).collect(Collectors.toCollection(ArrayList::new));
        if (nullable) {
            parts.add("null");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }

    /**
     * Maps a Python annotation as printed by {@code dataclasses.fields()} — {@code <class 'int'>},
     * {@code str | None}, {@code Union[str, NoneType, Literal[False]]}, enum classes such as
     * {@code transformers.trainer_utils.SchedulerType | str} — to the shapes accepted in a config file.
     *
     * @throws IllegalArgumentException for an annotation this mapping does not know, so that a new TRL dump
     *                                  with a new kind of type fails loudly instead of being accepted loosely
     */
    public static ValueType fromPython(String annotation) {
        EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        boolean nullable = false;
        for (String alternative : alternatives(annotation.trim())) {
            String t = alternative.trim();
            switch (t) {
                case "None", "NoneType" -> nullable = true;
                case "<class 'bool'>", "bool", "Literal[False]" -> kinds.add(Kind.BOOLEAN);
                case "<class 'int'>", "int" -> kinds.add(Kind.INTEGER);
                case "<class 'float'>", "float" -> kinds.add(Kind.NUMBER);
                case "<class 'str'>", "str" -> kinds.add(Kind.STRING);
                case "list[str]", "list[transformers.debug_utils.DebugOption]" -> kinds.add(Kind.STRING_LIST);
                case "list[trl.scripts.utils.DatasetConfig]" -> kinds.add(Kind.MAP_LIST);
                default -> {
                    if (t.equals("dict") || t.startsWith("dict[") || t.startsWith("accelerate.")) {
                        kinds.add(Kind.MAP); // accelerate's config objects are given as mappings in a file
                    } else if (t.startsWith("transformers.")) {
                        kinds.add(Kind.STRING); // str-valued enums: SchedulerType, IntervalStrategy, OptimizerNames, ...
                    } else {
                        throw new IllegalArgumentException("Unknown Python type '" + t + "' in annotation '" + annotation + "'");
                    }
                }
            }
        }
        return new ValueType(kinds, nullable);
    }

    /** Splits "a | b" or "Union[a, b]" at the top level (brackets nest). */
    private static List<String> alternatives(String annotation) {
        String body = annotation;
        char separator = '|';
        if (annotation.startsWith("Union[") && annotation.endsWith("]")) {
            body = annotation.substring("Union[".length(), annotation.length() - 1);
            separator = ',';
        }
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }
}
