package io.smolforge.template.jinja;

/** A whitelisted Python method looked up on a str, list or dict value, e.g. {@code content.strip}. */
record BoundMethod(Object self, String name) {
}
