package io.smolforge.template.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.template.tokens.ChatTemplateTokenizer;
import io.smolforge.template.tokens.ChatTemplateTokenizer.TokenizedChat;
import io.smolforge.template.tokens.ModelTokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One converted dataset row to token ids and labels, as TRL 1.13's {@code SFTTrainer} prepares it
 * ({@code add_eos}, {@code tokenize_fn}, {@code build_labels}):
 * <ul>
 *   <li>{@code messages}: the chat template renders the conversation; with {@code assistant_only_loss}
 *       only the tokens of its {@code {% generation %}} spans are targets;</li>
 *   <li>{@code prompt} + {@code completion}: conversational ones render the prompt with
 *       {@code add_generation_prompt=True} and prompt + completion without it, plain strings are
 *       tokenized as {@code tokenizer(text)} does; the completion mask is everything after the
 *       prompt's tokens and applies when {@code completion_only_loss};</li>
 *   <li>{@code text}: {@code tokenizer(text)}.</li>
 * </ul>
 * A token is a target when every mask that applies says so. Thread-safe.
 */
public final class ExampleEncoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatTemplateTokenizer chats;
    private final ModelTokenizer tokenizer;
    private final Settings settings;

    /**
     * How rows are encoded, fixed per dataset.
     *
     * @param appendEos        append the EOS token to {@code text} / string {@code completion} unless already
     *                         there (TRL does so when the dataset's first row is not conversational)
     * @param completionOnlyLoss mask the prompt of prompt-completion rows
     */
    public record Settings(boolean assistantOnlyLoss, boolean completionOnlyLoss, boolean appendEos,
                           String eosToken, String datasetTextField) {
    }

    /** {@code chats} may be null for datasets without conversations. */
    public ExampleEncoder(ChatTemplateTokenizer chats, ModelTokenizer tokenizer, Settings settings) {
        this.chats = chats;
        this.tokenizer = tokenizer;
        this.settings = settings;
    }

    /** Whether a row is conversational in TRL's sense ({@code is_conversational}). */
    public static boolean isConversational(Map<String, Object> row) {
        for (String key : List.of("prompt", "chosen", "rejected", "completion", "messages")) {
            if (row.get(key) instanceof List<?> list && !list.isEmpty()
                    && list.get(0) instanceof Map<?, ?> message && message.containsKey("role")) {
                return true;
            }
        }
        return false;
    }

    public TokenizedExample encode(Map<String, Object> row) {
        int[] ids;
        int[] assistantMask = null;
        int[] completionMask = null;
        if (row.containsKey("prompt")) {
            int promptLength;
            if (isConversational(row)) {
                List<Object> prompt = messages(row, "prompt");
                promptLength = chats().tokenCount(variables(row, prompt, true));
                List<Object> all = new ArrayList<>(prompt);
                all.addAll(messages(row, "completion"));
                TokenizedChat chat = chats().apply(variables(row, all, false));
                ids = chat.inputIds();
                if (settings.assistantOnlyLoss()) {
                    assistantMask = chat.assistantMasks();
                }
            } else {
                String prompt = string(row, "prompt");
                promptLength = tokenizer.encodePlain(prompt).size();
                ids = tokenizer.encodePlain(prompt + withEos(string(row, "completion"))).ids();
            }
            completionMask = new int[ids.length];
            for (int t = Math.min(promptLength, ids.length); t < ids.length; t++) {
                completionMask[t] = 1;
            }
        } else if (isConversational(row)) {
            TokenizedChat chat = chats().apply(variables(row, messages(row, "messages"), false));
            ids = chat.inputIds();
            if (settings.assistantOnlyLoss()) {
                assistantMask = chat.assistantMasks();
            }
        } else {
            ids = tokenizer.encodePlain(withEos(string(row, settings.datasetTextField()))).ids();
        }
        if (assistantMask != null && !contains(assistantMask, 1)) {
            throw new DatasetRowException("assistant_only_loss is set but the row has no assistant tokens: chat template '"
                    + chats().template().name() + "' marked nothing with {% generation %} (TRL raises the same error)");
        }
        int[] labels = new int[ids.length];
        for (int t = 0; t < ids.length; t++) {
            boolean target = (assistantMask == null || assistantMask[t] == 1)
                    && (completionMask == null || !settings.completionOnlyLoss() || completionMask[t] == 1);
            labels[t] = target ? ids[t] : TokenizedExample.IGNORE_INDEX;
        }
        return new TokenizedExample(ids, labels);
    }

    private ChatTemplateTokenizer chats() {
        if (chats == null) {
            throw new DatasetRowException("a conversational row in a dataset whose first row is not conversational");
        }
        return chats;
    }

    /** The template variables TRL passes: messages, tools, add_generation_prompt, the row's chat_template_kwargs. */
    private static Map<String, Object> variables(Map<String, Object> row, List<Object> messages, boolean addGenerationPrompt) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", messages);
        variables.put("tools", tools(row));
        variables.put("add_generation_prompt", addGenerationPrompt);
        if (row.get("chat_template_kwargs") instanceof Map<?, ?> kwargs) {
            kwargs.forEach((k, v) -> variables.put(String.valueOf(k), v));
        }
        return variables;
    }

    /** TRL accepts tools as a list or as a JSON string of one. */
    private static Object tools(Map<String, Object> row) {
        Object tools = row.get("tools");
        if (tools instanceof String json) {
            try {
                return JSON.readValue(json, Object.class);
            } catch (JsonProcessingException e) {
                throw new DatasetRowException("'tools' is a string but not JSON: " + e.getOriginalMessage());
            }
        }
        return tools;
    }

    private String withEos(String text) {
        return settings.appendEos() && !text.endsWith(settings.eosToken()) ? text + settings.eosToken() : text;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> messages(Map<String, Object> row, String key) {
        if (row.get(key) instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new DatasetRowException("'" + key + "' must be a list of messages");
    }

    private static String string(Map<String, Object> row, String key) {
        if (row.get(key) instanceof String s) {
            return s;
        }
        throw new DatasetRowException(row.containsKey(key) ? "'" + key + "' must be a string"
                : "row has no '" + key + "' field (expected messages, prompt/completion or " + key + ")");
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
