package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RowRejectedException;

/** Language-modelling rows {@code {text}} pass through as they are (TRL appends EOS later, at tokenization). */
final class TextConverter implements RowConverter {
    private final String column;

    TextConverter(String column) {
        this.column = column;
    }

    @Override
    public ObjectNode convert(JsonNode row) throws RowRejectedException {
        return JsonNodeFactory.instance.objectNode().put("text", RowFields.nonEmptyString(row, column, column));
    }
}
