package io.smolforge.template.tokens;

import io.smolforge.template.render.ChatTemplate;
import io.smolforge.template.render.RenderedChat;
import io.smolforge.template.render.Span;

import java.util.Map;

/**
 * {@code tokenizer.apply_chat_template(..., tokenize=True, return_dict=True,
 * return_assistant_tokens_mask=True)}: render, tokenize without adding special tokens, and mask
 * the tokens of the template's {@code {% generation %}} spans. Thread-safe.
 */
public final class ChatTemplateTokenizer {

    /** The rendered text, its token ids and the assistant mask (1 = token of a generation span). */
    public record TokenizedChat(String text, int[] inputIds, int[] assistantMasks) {
    }

    private final ChatTemplate template;
    private final ModelTokenizer tokenizer;

    public ChatTemplateTokenizer(ChatTemplate template, ModelTokenizer tokenizer) {
        this.template = template;
        this.tokenizer = tokenizer;
    }

    public ChatTemplate template() {
        return template;
    }

    /** Applies the template to variables as transformers passes them ({@code messages}, {@code tools}, kwargs…). */
    public TokenizedChat apply(Map<String, Object> variables) {
        RenderedChat chat = template.render(variables);
        TokenizedText tokens = tokenizer.encodeRendered(chat.text());
        AssistantMaskBuilder mask = new AssistantMaskBuilder(tokens);
        for (Span span : chat.generationSpans()) {
            mask.mark(span.start(), span.end());
        }
        return new TokenizedChat(chat.text(), tokens.ids(), mask.build());
    }

    /** Token count of the rendered variables (for prompt lengths). */
    public int tokenCount(Map<String, Object> variables) {
        return tokenizer.encodeRendered(template.render(variables).text()).size();
    }
}
