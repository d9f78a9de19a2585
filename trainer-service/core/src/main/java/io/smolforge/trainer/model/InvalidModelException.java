package io.smolforge.trainer.model;

/** A model directory that cannot be loaded: bad config.json, missing or mis-shaped tensor. The message names the file and key. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }
}
