package io.smolforge.api.spec;

import java.util.Map;
import java.util.Optional;

/**
 * Keys and values that configs written for older TRL/transformers versions still carry. They are accepted
 * under their new name with a warning that names it, instead of being rejected as unknown.
 */
final class Deprecations {

    /** A key that moved: old name → new name, and what the user should write instead. */
    record RenamedKey(String oldName, String newName, String advice) {
    }

    private static final Map<String, RenamedKey> RENAMED_KEYS = Map.of(
            "warmup_ratio", new RenamedKey("warmup_ratio", "warmup_steps",
                    "give the fraction to warmup_steps instead (a value in [0, 1) is a ratio of the total steps)"),
            "max_seq_length", new RenamedKey("max_seq_length", "max_length", "use max_length instead"),
            "torch_dtype", new RenamedKey("torch_dtype", "dtype", "use dtype instead"),
            "evaluation_strategy", new RenamedKey("evaluation_strategy", "eval_strategy", "use eval_strategy instead"));

    /** Values TRL 1.13 still accepts but warns about: key → (old value → new value, or null to keep it). */
    private static final Map<String, Map<String, String>> RENAMED_VALUES = Map.of(
            "packing_strategy", Map.of("bfd-requeue", "bfd_split"),
            "truncation_mode", Map.of("keep_end", "keep_end"));

    private Deprecations() {
    }

    static Optional<RenamedKey> renamedKey(String key) {
        return Optional.ofNullable(RENAMED_KEYS.get(key));
    }

    static String warningFor(RenamedKey renamed) {
        return renamed.oldName() + " is deprecated; " + renamed.advice() + ".";
    }

    /** The value to use in place of a deprecated one, or empty when {@code value} is current. */
    static Optional<String> replacementValue(String key, Object value) {
        Map<String, String> values = RENAMED_VALUES.get(key);
        return values == null || !(value instanceof String text) ? Optional.empty() : Optional.ofNullable(values.get(text));
    }

    static String valueWarning(String key, Object oldValue, String newValue) {
        return oldValue.equals(newValue)
                ? key + ": '" + oldValue + "' is deprecated and will be removed in TRL 2.0."
                : key + ": '" + oldValue + "' is deprecated; use '" + newValue + "' instead.";
    }
}
