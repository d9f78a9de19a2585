package io.smolforge.dataset;

import java.util.Locale;

/** Why a row was left out of the converted dataset; {@link #code()} is what reports and stats.json show. */
public enum RejectReason {
    /** The line is not valid JSON, or a JSON array stopped parsing. */
    MALFORMED_JSON,
    /** The row's bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** The line (JSONL) or element (JSON array) is larger than the configured limit. */
    ROW_TOO_LARGE,
    /** A CSV row has fewer columns than its header. */
    MISSING_COLUMNS,
    /** A field the format needs is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (for example {@code conversations} is not a list). */
    INVALID_FIELD,
    /** No converter recognises the row's columns. */
    UNRECOGNIZED_FORMAT,
    /** A message role is not one of the known roles. */
    UNKNOWN_ROLE,
    /** A message's content is empty or only whitespace. */
    EMPTY_CONTENT,
    /** A message's content is not a string nor a list of text parts. */
    NON_STRING_CONTENT,
    /** A content part is not text (images, audio…): SmolLM3 is text-only. */
    UNSUPPORTED_CONTENT_PART,
    /** A system turn anywhere but first. */
    MISPLACED_SYSTEM_TURN,
    /** The conversation has no assistant turn to learn from. */
    NO_ASSISTANT_TURN,
    /** The conversation ends on a user turn: the last user message would get no answer. */
    ENDS_ON_USER_TURN,
    /** The conversation ends on a tool result without the assistant's answer to it. */
    ENDS_ON_TOOL_TURN,
    /** {@code <think>} without {@code </think>} or the other way round, or nested blocks. */
    UNBALANCED_THINK_TAGS,
    /** A think block that is not at the start of an assistant turn, or in a non-assistant turn. */
    MISPLACED_THINK_TAGS,
    /** A function call (ShareGPT {@code function_call}, OpenAI {@code tool_calls}) that is not a valid call object. */
    INVALID_TOOL_CALL,
    /** A GSM8K answer without the {@code ####} final-answer marker. */
    MISSING_FINAL_ANSWER,
    /** The same converted row was already written (only with duplicate removal on). */
    DUPLICATE,
    /** The source could not be read at all from this point on (corrupt Parquet, I/O error). */
    UNREADABLE_SOURCE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
