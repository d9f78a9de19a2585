package io.smolforge.api.storage;

/** An object-store operation failed; the message names the bucket and key, never a credential. */
public class ObjectStoreException extends RuntimeException {
    private final String key;

    public ObjectStoreException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    public ObjectStoreException(String key, String message) {
        this(key, message, null);
    }

    public String key() {
        return key;
    }
}
