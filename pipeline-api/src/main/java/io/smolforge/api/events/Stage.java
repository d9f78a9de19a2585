package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The pipeline stage a running job is in, in order. */
public enum Stage {
    PREPARING_DATA, TOKENIZING, TRAINING, PUBLISHING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
