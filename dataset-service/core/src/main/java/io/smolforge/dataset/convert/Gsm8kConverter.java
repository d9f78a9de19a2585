package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;
import java.util.regex.Pattern;

/**
 * GSM8K {@code {question, answer}}: the question is the user turn, the worked answer the assistant turn, and the
 * value after the last {@code ####} is kept as {@code metadata.final_answer} for evaluation.
 */
final class Gsm8kConverter implements RowConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** GSM8K's calculator annotations, e.g. {@code <<48/2=24>>}. */
    private static final Pattern CALCULATOR_ANNOTATION = Pattern.compile("<<[^<>]*>>");
    private static final String FINAL_ANSWER_MARK = "####";

    private final boolean removeCalculatorAnnotations;

    Gsm8kConverter(boolean removeCalculatorAnnotations) {
        this.removeCalculatorAnnotations = removeCalculatorAnnotations;
    }

    @Override
    public ObjectNode convert(JsonNode row) throws RowRejectedException {
        String question = RowFields.nonEmptyString(row, "question", "question");
        String answer = RowFields.nonEmptyString(row, "answer", "answer");
        int mark = answer.lastIndexOf(FINAL_ANSWER_MARK);
        if (mark < 0) {
            throw new RowRejectedException("answer", RejectReason.MISSING_FINAL_ANSWER,
                    "the answer has no '" + FINAL_ANSWER_MARK + "' final-answer line");
        }
        String finalAnswer = answer.substring(mark + FINAL_ANSWER_MARK.length()).strip();
        if (finalAnswer.isEmpty()) {
            throw new RowRejectedException("answer", RejectReason.MISSING_FINAL_ANSWER,
                    "nothing follows '" + FINAL_ANSWER_MARK + "'");
        }
        if (removeCalculatorAnnotations) {
            answer = CALCULATOR_ANNOTATION.matcher(answer).replaceAll("");
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode messages = out.putArray("messages");
        messages.addObject().put("role", "user").put("content", question);
        messages.addObject().put("role", "assistant").put("content", answer);
        out.putObject("metadata").put("final_answer", finalAnswer);
        return out;
    }
}
