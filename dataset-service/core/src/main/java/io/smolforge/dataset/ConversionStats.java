package io.smolforge.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a conversion read, wrote and rejected; {@link #toJson()} is the {@code stats.json} document. */
public final class ConversionStats {
    /** Per-source counts. */
    public static final class SourceStats {
        private final String name;
        private long rowsRead;
        private long rowsAccepted;
        private long rowsRejected;
        private long rowsSampledOut;
        private long rowsWritten;
        private final Map<DatasetFormat, Long> formats = new EnumMap<>(DatasetFormat.class);

        SourceStats(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long rowsRead() {
            return rowsRead;
        }

        public long rowsRejected() {
            return rowsRejected;
        }

        public long rowsWritten() {
            return rowsWritten;
        }

        public Map<DatasetFormat, Long> formats() {
            return Map.copyOf(formats);
        }
    }

    private final List<SourceStats> sources = new ArrayList<>();
    private final Map<RejectReason, Long> rejectsByReason = new EnumMap<>(RejectReason.class);
    private final Map<String, Long> rowTypes = new TreeMap<>();
    private final TreeMap<Integer, Long> turns = new TreeMap<>();
    private final TreeMap<Long, Long> lengths = new TreeMap<>();
    private long rowsTrain;
    private long rowsTest;
    private String failure;

    SourceStats startSource(String name) {
        SourceStats source = new SourceStats(name);
        sources.add(source);
        return source;
    }

    void read(SourceStats source) {
        source.rowsRead++;
    }

    void sampledOut(SourceStats source) {
        source.rowsSampledOut++;
    }

    void rejected(SourceStats source, RejectReason reason) {
        source.rowsRejected++;
        rejectsByReason.merge(reason, 1L, Long::sum);
    }

    /** A row accepted and written {@code copies} times (mixture fractions above 1 repeat rows). */
    void accepted(SourceStats source, DatasetFormat format, JsonNode row, int copies) {
        source.rowsAccepted++;
        source.rowsWritten += copies;
        source.formats.merge(format, (long) copies, Long::sum);
        rowTypes.merge(rowType(row), (long) copies, Long::sum);
        turns.merge(turnCount(row), (long) copies, Long::sum);
        lengths.merge(lengthBucket(contentChars(row)), (long) copies, Long::sum);
    }

    void wroteTrain() {
        rowsTrain++;
    }

    void wroteTest() {
        rowsTest++;
    }

    void failed(String message) {
        failure = message;
    }

    public long rowsRead() {
        return sources.stream().mapToLong(s -> s.rowsRead).sum();
    }

    /** Source rows accepted (each counted once, however many copies a mixture fraction made). */
    public long rowsAccepted() {
        return sources.stream().mapToLong(s -> s.rowsAccepted).sum();
    }

    public long rowsRejected() {
        return sources.stream().mapToLong(s -> s.rowsRejected).sum();
    }

    /** Rows written to train and test together. */
    public long rowsOut() {
        return rowsTrain + rowsTest;
    }

    public long rowsTrain() {
        return rowsTrain;
    }

    public long rowsTest() {
        return rowsTest;
    }

    public Map<RejectReason, Long> rejectsByReason() {
        return Map.copyOf(rejectsByReason);
    }

    public List<SourceStats> sources() {
        return List.copyOf(sources);
    }

    /** Conversation lengths in turns (messages) → rows. */
    public Map<Integer, Long> turnsHistogram() {
        return Map.copyOf(turns);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** The most frequent reject reasons, most frequent first, as "reason: count". */
    public List<String> topReasons(int limit) {
        return rejectsByReason.entrySet().stream()
                .sorted(Map.Entry.<RejectReason, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .map(e -> e.getKey().code() + ": " + e.getValue())
                .toList();
    }

    public ObjectNode toJson() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode json = nodes.objectNode();
        json.put("status", failure == null ? "succeeded" : "failed");
        if (failure != null) {
            json.put("failure", failure);
        }
        json.put("rows_in", rowsRead());
        json.put("rows_out", rowsOut());
        json.put("rows_train", rowsTrain);
        json.put("rows_test", rowsTest);
        json.put("rows_rejected", rowsRejected());
        ObjectNode reasons = json.putObject("rejects_by_reason");
        rejectsByReason.entrySet().stream()
                .sorted(Map.Entry.<RejectReason, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> reasons.put(e.getKey().code(), e.getValue()));
        ObjectNode types = json.putObject("row_types");
        rowTypes.forEach(types::put);
        ObjectNode turnsJson = json.putObject("turns_histogram");
        turns.forEach((count, rows) -> turnsJson.put(String.valueOf(count), rows));
        ObjectNode lengthsJson = json.putObject("length_histogram_chars");
        lengths.forEach((low, rows) -> lengthsJson.put(low == 0 ? "0-63" : low + "-" + (low * 2 - 1), rows));
        var sourcesJson = json.putArray("sources");
        for (SourceStats source : sources) {
            ObjectNode s = sourcesJson.addObject();
            s.put("name", source.name);
            s.put("rows_in", source.rowsRead);
            s.put("rows_accepted", source.rowsAccepted);
            s.put("rows_rejected", source.rowsRejected);
            s.put("rows_sampled_out", source.rowsSampledOut);
            s.put("rows_out", source.rowsWritten);
            ObjectNode formats = s.putObject("formats");
            Map<DatasetFormat, Long> ordered = new LinkedHashMap<>(source.formats);
            ordered.forEach((format, rows) -> formats.put(format.cliName(), rows));
        }
        return json;
    }

    private static String rowType(JsonNode row) {
        if (row.has("messages")) {
            return "conversational";
        }
        if (row.has("prompt")) {
            return row.get("prompt").isArray() ? "prompt_completion_conversational" : "prompt_completion";
        }
        return "language_modeling";
    }

    private static int turnCount(JsonNode row) {
        if (row.has("messages")) {
            return row.get("messages").size();
        }
        if (row.path("prompt").isArray()) {
            return row.get("prompt").size() + row.get("completion").size();
        }
        return row.has("prompt") ? 2 : 1;
    }

    private static long contentChars(JsonNode row) {
        long chars = 0;
        for (String field : new String[] {"messages", "prompt", "completion", "text"}) {
            JsonNode value = row.get(field);
            if (value == null) {
                continue;
            }
            if (value.isTextual()) {
                chars += value.textValue().length();
            } else {
                for (JsonNode message : value) {
                    chars += message.path("content").asText("").length();
                }
            }
        }
        return chars;
    }

    /** Powers of two from 64 up: a row of 300 characters counts under 256-511. */
    private static long lengthBucket(long chars) {
        if (chars < 64) {
            return 0;
        }
        return Long.highestOneBit(chars);
    }
}
