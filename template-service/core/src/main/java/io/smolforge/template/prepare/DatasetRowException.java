package io.smolforge.template.prepare;

/** A dataset row could not be prepared; the message names the input and line. */
public class DatasetRowException extends RuntimeException {

    public DatasetRowException(String message) {
        super(message);
    }

    public DatasetRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
