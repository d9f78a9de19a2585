package io.smolforge.api.spec;

/**
 * One thing wrong with a job spec.
 *
 * @param key     the offending key as a path: {@code learning_rate}, {@code smolforge.device},
 *                {@code datasets[1].path}; empty for a problem with the document as a whole
 * @param message why it is wrong, in words a user can act on
 * @param line    1-based line of the key in the source document, or null when unknown
 */
public record SpecProblem(String key, String message, Integer line) {

    public SpecProblem(String key, String message) {
        this(key, message, null);
    }

    @Override
    public String toString() {
        String where = line == null ? "" : "line " + line + ": ";
        return where + (key.isEmpty() ? message : key + ": " + message);
    }
}
