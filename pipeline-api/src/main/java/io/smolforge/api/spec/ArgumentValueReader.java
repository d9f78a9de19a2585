package io.smolforge.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.spec.ValueType.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a value from a parsed YAML/JSON document into the plain Java value a key's {@link ValueType}
 * allows: Boolean, Integer (Long when it does not fit), Double, String, List, Map, or null.
 *
 * <p>TRL hands config-file values to argparse as defaults, and argparse converts string defaults with the
 * field's type. So, like TRL, a quoted {@code "2e-5"} is accepted for a float and {@code "yes"}/{@code "no"}
 * for a bool; a single string is accepted for a list of strings.
 */
final class ArgumentValueReader {

    /** transformers' {@code string_to_bool}. */
    private static final Set<String> TRUE_WORDS = Set.of("yes", "true", "t", "y", "1");
    private static final Set<String> FALSE_WORDS = Set.of("no", "false", "f", "n", "0");

    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** A value of the wrong shape; the message says what was expected and what was found. */
    static final class WrongValue extends Exception {
        WrongValue(String message) {
            super(message);
        }
    }

    private ArgumentValueReader() {
    }

    static Object read(JsonNode node, ValueType type) throws WrongValue {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (type.nullable()) {
                return null;
            }
            throw new WrongValue("must not be null; expected " + type.describe());
        }
        if (node.isBoolean()) {
            if (type.accepts(Kind.BOOLEAN)) {
                return node.booleanValue();
            }
        } else if (node.isNumber()) {
            return readNumber(node, type);
        } else if (node.isTextual()) {
            return readText(node.textValue(), type);
        } else if (node.isArray()) {
            if (type.accepts(Kind.STRING_LIST)) {
                return readStringList(node, type);
            }
            if (type.accepts(Kind.MAP_LIST)) {
                return readMapList(node, type);
            }
        } else if (node.isObject() && type.accepts(Kind.MAP)) {
            return toPlainMap(node);
        }
        throw wrongShape(node, type);
    }

    private static Object readNumber(JsonNode node, ValueType type) throws WrongValue {
        if (node.isIntegralNumber()) {
            if (type.accepts(Kind.INTEGER)) {
                return integer(node.bigIntegerValue().toString(), type);
            }
            if (type.accepts(Kind.NUMBER)) {
                return node.doubleValue();
            }
        } else {
            double value = node.doubleValue();
            if (type.accepts(Kind.NUMBER)) {
                return finite(value, node.asText());
            }
            if (type.accepts(Kind.INTEGER)) {
                if (Double.isFinite(value) && value == Math.rint(value)) {
                    return integer(String.valueOf((long) value), type);
                }
                throw new WrongValue("expected " + type.describe() + ", got " + node.asText());
            }
        }
        if (type.accepts(Kind.STRING)) {
            return node.asText(); // `run_name: 2024` is still a name
        }
        throw wrongShape(node, type);
    }

    private static Object readText(String text, ValueType type) throws WrongValue {
        if (type.accepts(Kind.STRING)) {
            return text;
        }
        String trimmed = text.trim();
        if (type.accepts(Kind.BOOLEAN)) {
            String word = trimmed.toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return true;
            }
            if (FALSE_WORDS.contains(word)) {
                return false;
            }
        }
        if (type.accepts(Kind.INTEGER) && trimmed.matches("[-+]?\\d+")) {
            return integer(trimmed, type);
        }
        if (type.accepts(Kind.NUMBER)) {
            try {
                return finite(Double.parseDouble(trimmed), text);
            } catch (NumberFormatException notANumber) {
                // falls through to the shape error below
            }
        }
        if (type.accepts(Kind.STRING_LIST)) {
            return List.of(text);
        }
        throw new WrongValue("expected " + type.describe() + ", got the string \"" + text + "\"");
    }

    private static Object integer(String digits, ValueType type) throws WrongValue {
        try {
            long value = Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
            return value;
        } catch (NumberFormatException tooLarge) {
            throw new WrongValue("integer " + digits + " is out of range; expected " + type.describe());
        }
    }

    private static double finite(double value, String text) throws WrongValue {
        if (!Double.isFinite(value)) {
            throw new WrongValue("expected a finite number, got " + text);
        }
        return value;
    }

    private static List<String> readStringList(JsonNode array, ValueType type) throws WrongValue {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isTextual() || item.isNumber()) {
                items.add(item.asText());
            } else {
                throw new WrongValue("expected " + type.describe() + ", but item " + i + " is " + shapeOf(item));
            }
        }
        return List.copyOf(items);
    }

    private static List<Map<String, Object>> readMapList(JsonNode array, ValueType type) throws WrongValue {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw new WrongValue("expected " + type.describe() + ", but item " + i + " is " + shapeOf(item));
            }
            items.add(toPlainMap(item));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toPlainMap(JsonNode object) {
        return PLAIN.convertValue(object, LinkedHashMap.class);
    }

    private static WrongValue wrongShape(JsonNode node, ValueType type) {
        String found = node.isValueNode() ? shapeOf(node) + " " + node : shapeOf(node);
        return new WrongValue("expected " + type.describe() + ", got " + found);
    }

    static String shapeOf(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "null";
    }
}
