package io.smolforge.template.tokens;

/**
 * The assistant-token mask of {@code apply_chat_template(return_assistant_tokens_mask=True)}
 * (transformers 5.18), built from the {@code {% generation %}} spans of a rendered chat.
 *
 * <p>transformers maps each span to tokens with {@code char_to_token}: the token holding the span's
 * first character up to the token holding its last character, both whole, so tokens that straddle
 * a span edge are in the mask. Its quirks are kept on purpose so that masks stay identical: a span
 * whose first character has no token stops all further spans, and a span whose last character has
 * no token (or lies in token 0) extends the mask to the end of the sequence.
 */
public final class AssistantMaskBuilder {

    private final TokenizedText tokens;
    private final int[] mask;
    private boolean stopped;

    public AssistantMaskBuilder(TokenizedText tokens) {
        this.tokens = tokens;
        this.mask = new int[tokens.size()];
    }

    /** Marks the tokens of one generation span, {@code [startChar, endChar)} in Java chars of the rendered text. */
    public AssistantMaskBuilder mark(int startChar, int endChar) {
        if (stopped) {
            return this;
        }
        int startToken = tokens.tokenAt(startChar);
        if (startToken < 0) {
            stopped = true; // transformers: "start_token is out of bounds maybe due to truncation" -> break
            return this;
        }
        int endToken = tokens.tokenAt(endChar - 1);
        // transformers writes `end_token + 1 if end_token else len(input_ids)`: None and 0 both mean "to the end"
        int stop = endToken > 0 ? endToken + 1 : mask.length;
        for (int t = startToken; t < stop; t++) {
            mask[t] = 1;
        }
        return this;
    }

    public int[] build() {
        return mask.clone();
    }
}
