package io.smolforge.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Runs a conversion into a temporary directory and reads back what it wrote. */
final class ConversionRun {
    static final ObjectMapper JSON = new ObjectMapper();

    final ConversionStats stats;
    final List<JsonNode> rows;
    final List<JsonNode> testRows;
    final List<JsonNode> rejected;
    final JsonNode statsJson;

    private ConversionRun(ConversionStats stats, List<JsonNode> rows, List<JsonNode> testRows,
                          List<JsonNode> rejected, JsonNode statsJson) {
        this.stats = stats;
        this.rows = rows;
        this.testRows = testRows;
        this.rejected = rejected;
        this.statsJson = statsJson;
    }

    static ConversionRun of(Path dir, ConversionOptions options, DatasetSource... sources) throws Exception {
        SingleFileOutput output = new SingleFileOutput(dir.resolve("out.jsonl"));
        ConversionStats stats = new DatasetConverter(options.withWorkDir(dir.resolve("work")))
                .convert(List.of(sources), output);
        return new ConversionRun(stats, readJsonLines(output.file()), readJsonLines(output.testFile()),
                readJsonLines(output.rejectedFile()), JSON.readTree(output.statsFile().toFile()));
    }

    static ConversionRun of(Path dir, DatasetSource... sources) throws Exception {
        return of(dir, ConversionOptions.defaults().withMaxRejectRatio(1.0), sources);
    }

    static Path golden(String name) {
        return Path.of("src/test/resources/golden").resolve(name);
    }

    static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
    }

    static List<String> roles(JsonNode row) {
        List<String> roles = new ArrayList<>();
        row.get("messages").forEach(m -> roles.add(m.get("role").textValue()));
        return roles;
    }
}
