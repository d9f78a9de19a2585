package io.smolforge.api.spec;

/**
 * One key a job spec may carry: its name, the TRL dataclass (or SmolForge section) that declares it,
 * the shapes it accepts, its default as a plain Java value, and TRL's help text.
 */
public record ArgumentDefinition(String name, String group, ValueType type, Object defaultValue, String help) {
}
