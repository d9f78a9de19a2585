package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;

/** What a conversation must look like to be trained on with SFT. */
final class ConversationRules {
    private ConversationRules() {
    }

    /**
     * Checks the order of normalized messages.
     *
     * @param requireAssistantEnd SFT needs an assistant turn to learn from and must not end on an unanswered turn
     */
    static void check(JsonNode messages, String path, boolean requireAssistantEnd) throws RowRejectedException {
        boolean hasAssistant = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.get("role").textValue();
            ThinkTags.check(message.get("content").textValue(), role.equals("assistant"), path + "[" + i + "].content");
            if (role.equals("system") && i > 0) {
                throw new RowRejectedException(path + "[" + i + "].role", RejectReason.MISPLACED_SYSTEM_TURN,
                        "a system turn may only come first");
            }
            hasAssistant |= role.equals("assistant");
        }
        if (!requireAssistantEnd) {
            return;
        }
        if (!hasAssistant) {
            throw new RowRejectedException(path, RejectReason.NO_ASSISTANT_TURN,
                    "the conversation has no assistant turn to learn from");
        }
        int last = messages.size() - 1;
        String lastRole = messages.get(last).get("role").textValue();
        if (lastRole.equals("user")) {
            throw new RowRejectedException(path + "[" + last + "].role", RejectReason.ENDS_ON_USER_TURN,
                    "the conversation ends on a user turn that gets no answer");
        }
        if (lastRole.equals("tool")) {
            throw new RowRejectedException(path + "[" + last + "].role", RejectReason.ENDS_ON_TOOL_TURN,
                    "the conversation ends on a tool result that the assistant never answers");
        }
    }

    /**
     * SmolLM3's template adds an empty think block to every assistant turn when thinking is off, so a row that turns
     * thinking off yet carries its own think block would be rendered with two.
     */
    static void checkThinkingMode(JsonNode row) throws RowRejectedException {
        JsonNode enableThinking = row.path("chat_template_kwargs").get("enable_thinking");
        if (enableThinking == null || !enableThinking.isBoolean() || enableThinking.booleanValue()) {
            return;
        }
        JsonNode messages = row.get("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (message.get("role").textValue().equals("assistant")
                    && message.get("content").textValue().contains(ThinkTags.OPEN)) {
                throw new RowRejectedException("messages[" + i + "].content", RejectReason.MISPLACED_THINK_TAGS,
                        "a think block in a conversation with chat_template_kwargs.enable_thinking = false");
            }
        }
    }
}
