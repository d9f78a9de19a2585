package io.smolforge.template.prepare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a prepare run produced ({@code stats.json}).
 *
 * @param rows               dataset rows read
 * @param tokenizedTokens    tokens of all rows before truncation and packing
 * @param truncatedSequences sequences longer than max_length that lost their tail (or head, keep_end)
 * @param droppedSequences   sequences dropped: empty, or left without loss tokens by truncation (unpacked)
 * @param trainingRows       rows written (packed bins, or sequences when not packing)
 * @param tokens             tokens written
 * @param lossTokens         tokens whose label is not -100
 * @param packingEfficiency  tokens / (trainingRows × max_length): how full the rows are (null without max_length)
 */
public record PrepareStats(long rows, long tokenizedTokens, long truncatedSequences, long droppedSequences,
                           long trainingRows, long tokens, long lossTokens, String packing, Integer maxLength,
                           Double packingEfficiency, String template, List<String> shards, double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public double rowsPerSecond() {
        return seconds > 0 ? rows / seconds : 0;
    }

    public double tokensPerSecond() {
        return seconds > 0 ? tokenizedTokens / seconds : 0;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", "smolforge.tokens/1");
        map.put("rows", rows);
        map.put("tokenized_tokens", tokenizedTokens);
        map.put("truncated_sequences", truncatedSequences);
        map.put("dropped_sequences", droppedSequences);
        map.put("training_rows", trainingRows);
        map.put("tokens", tokens);
        map.put("loss_tokens", lossTokens);
        map.put("packing", packing);
        map.put("max_length", maxLength);
        map.put("packing_efficiency", packingEfficiency);
        map.put("template", template);
        map.put("shards", shards);
        map.put("seconds", seconds);
        map.put("rows_per_second", rowsPerSecond());
        map.put("tokens_per_second", tokensPerSecond());
        return map;
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), toMap());
    }
}
