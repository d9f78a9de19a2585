package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.ColumnMapping;
import io.smolforge.dataset.ConversionOptions;
import io.smolforge.dataset.DatasetFormat;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts the rows of one source: picks the converter (the forced format, the user's mapping, or per-row
 * detection from the columns), adds the default system prompt, and checks the conversation rules.
 */
public final class RowConversion {
    /** A converted row and the schema it was read as. */
    public record Converted(ObjectNode row, DatasetFormat format) {
    }

    private final DatasetFormat format;
    private final RowConverter mapped;
    private final String systemPrompt;
    private final boolean requireAssistantReply;
    private final boolean toolCallsAsText;
    private final Gsm8kConverter gsm8k;
    private final AlpacaConverter alpaca = new AlpacaConverter(ColumnMapping.defaults("alpaca"));
    private final ShareGptConverter shareGpt = new ShareGptConverter(ColumnMapping.defaults("sharegpt"));
    private final ShareGptConverter shareGptUnderMessages = new ShareGptConverter(
            new ColumnMapping("sharegpt", Map.of("messages", "messages"), Map.of()));
    private final MessagesConverter messages = new MessagesConverter("messages");
    private final MessagesConverter messagesUnderConversations = new MessagesConverter("conversations");
    private final PromptCompletionConverter promptCompletion = new PromptCompletionConverter();
    private final TextConverter text = new TextConverter("text");

    /**
     * @param format  forced schema, or AUTO
     * @param mapping a user's column mapping (wins over the format), or null
     * @param options system prompt, calculator annotations, tool calls as text, SFT rules
     */
    public RowConversion(DatasetFormat format, ColumnMapping mapping, ConversionOptions options) {
        this.format = format;
        this.mapped = mapping == null ? null
                : mapping.formatting().equals("sharegpt") ? new ShareGptConverter(mapping) : new AlpacaConverter(mapping);
        String prompt = options.systemPrompt();
        this.systemPrompt = prompt == null || prompt.isBlank() ? null : prompt;
        this.requireAssistantReply = options.requireAssistantReply();
        this.toolCallsAsText = options.toolCallsAsText();
        this.gsm8k = new Gsm8kConverter(options.removeCalculatorAnnotations());
    }

    /** The same with the options spelled out (tool calls stay a {@code tool_calls} list). */
    public RowConversion(DatasetFormat format, ColumnMapping mapping, String systemPrompt,
                         boolean removeCalculatorAnnotations, boolean requireAssistantReply) {
        this(format, mapping, ConversionOptions.defaults().withSystemPrompt(systemPrompt)
                .withRemoveCalculatorAnnotations(removeCalculatorAnnotations)
                .withRequireAssistantReply(requireAssistantReply));
    }

    public Converted convert(JsonNode row) throws RowRejectedException {
        DatasetFormat used;
        if (mapped != null) {
            used = mapped instanceof ShareGptConverter ? DatasetFormat.SHAREGPT : DatasetFormat.ALPACA;
        } else {
            used = format == DatasetFormat.AUTO ? detect(row) : format;
        }
        ObjectNode out = converter(used, row).convert(row);
        if (out.has("messages")) {
            addSystemPrompt((ArrayNode) out.get("messages"));
            ConversationRules.check(out.get("messages"), "messages", requireAssistantReply);
            ConversationRules.checkThinkingMode(out);
            inlineToolCalls(out.get("messages"));
        } else if (out.path("prompt").isArray()) {
            addSystemPrompt((ArrayNode) out.get("prompt"));
            ConversationRules.check(out.get("prompt"), "prompt", false);
            ConversationRules.check(out.get("completion"), "completion", false);
            inlineToolCalls(out.get("prompt"));
            inlineToolCalls(out.get("completion"));
        }
        return new Converted(out, used);
    }

    private RowConverter converter(DatasetFormat used, JsonNode row) {
        if (mapped != null) {
            return mapped;
        }
        return switch (used) {
            case GSM8K -> gsm8k;
            case ALPACA -> alpaca;
            case SHAREGPT -> RowFields.has(row, "conversations") || !RowFields.has(row, "messages")
                    ? shareGpt : shareGptUnderMessages;
            case MESSAGES -> RowFields.has(row, "messages") || !RowFields.has(row, "conversations")
                    ? messages : messagesUnderConversations;
            case PROMPT_COMPLETION -> promptCompletion;
            case TEXT -> text;
            case AUTO -> throw new IllegalStateException("AUTO is resolved by detect()");
        };
    }

    /** The schema a row's columns say it has, the way TRL and LLaMA-Factory tell them apart. */
    static DatasetFormat detect(JsonNode row) throws RowRejectedException {
        for (String listColumn : new String[] {"messages", "conversations"}) {
            JsonNode list = row.get(listColumn);
            if (list != null && !list.isNull()) {
                JsonNode first = list.isArray() && !list.isEmpty() ? list.get(0) : null;
                if (first != null && first.has("from")) {
                    return DatasetFormat.SHAREGPT;
                }
                if (first != null && first.has("role")) {
                    return DatasetFormat.MESSAGES;
                }
                return listColumn.equals("messages") ? DatasetFormat.MESSAGES : DatasetFormat.SHAREGPT;
            }
        }
        if (RowFields.has(row, "prompt") && RowFields.has(row, "completion")) {
            return DatasetFormat.PROMPT_COMPLETION;
        }
        if (RowFields.has(row, "instruction") && row.has("output")) {
            return DatasetFormat.ALPACA;
        }
        if (RowFields.has(row, "question") && row.has("answer")) {
            return DatasetFormat.GSM8K;
        }
        if (row.has("text")) {
            return DatasetFormat.TEXT;
        }
        List<String> columns = new ArrayList<>();
        row.fieldNames().forEachRemaining(columns::add);
        throw new RowRejectedException(null, RejectReason.UNRECOGNIZED_FORMAT, "no known schema has columns " + columns
                + "; expected messages, conversations, prompt+completion, instruction+output, question+answer or text"
                + " (or give --format / a column mapping)");
    }

    private void inlineToolCalls(JsonNode messages) {
        if (!toolCallsAsText) {
            return;
        }
        for (JsonNode message : messages) {
            JsonNode calls = message.get("tool_calls");
            if (calls != null) {
                ObjectNode edited = (ObjectNode) message;
                String content = edited.get("content").textValue();
                String text = ToolSchemas.asText(calls);
                edited.put("content", content.isBlank() ? text : content + "\n" + text);
                edited.remove("tool_calls");
            }
        }
    }

    private void addSystemPrompt(ArrayNode messages) {
        if (systemPrompt == null) {
            return;
        }
        if (!messages.isEmpty() && messages.get(0).path("role").asText().equals("system")) {
            return;
        }
        messages.insert(0, JsonNodeFactory.instance.objectNode().put("role", "system").put("content", systemPrompt));
    }
}
