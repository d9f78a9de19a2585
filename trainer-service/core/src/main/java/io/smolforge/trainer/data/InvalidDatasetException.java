package io.smolforge.trainer.data;

/** Training or scoring input that cannot be used; the message names the file and line (or shard and row). */
public class InvalidDatasetException extends RuntimeException {

    public InvalidDatasetException(String message) {
        super(message);
    }
}
