package io.smolforge.dataset.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.RowRejectedException;

/** Converts one source row of a known schema into a contract row ("Converted dataset rows" in CONTRACTS.md). */
interface RowConverter {
    ObjectNode convert(JsonNode row) throws RowRejectedException;
}
