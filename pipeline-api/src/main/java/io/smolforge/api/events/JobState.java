package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A job's lifecycle, as in OpenAI's fine-tuning jobs; while {@link #RUNNING} a {@link Stage} says where. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
