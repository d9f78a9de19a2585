package io.smolforge.api.safetensors;

/** A safetensors file that is malformed, or a tensor that is missing or of an unexpected type; the message names both. */
public class SafetensorsException extends RuntimeException {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
