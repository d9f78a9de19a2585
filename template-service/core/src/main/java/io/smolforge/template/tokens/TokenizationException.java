package io.smolforge.template.tokens;

/** A tokenizer could not be loaded or could not encode a text; the message names the file or token. */
public class TokenizationException extends RuntimeException {

    public TokenizationException(String message) {
        super(message);
    }

    public TokenizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
