package io.smolforge.template.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardReader;
import io.smolforge.template.tokens.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole stage against TRL 1.13's SFTTrainer preparation (golden/prepare/, see its README). */
class PrepareStageTest {

    private static final Clock NEW_YEAR = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path out;

    private static PrepareOptions options(Integer maxLength, boolean packing, boolean assistantOnlyLoss) {
        return new PrepareOptions(maxLength, packing, "bfd", TruncationMode.KEEP_START, assistantOnlyLoss, null, "text",
                null, null, 2, PrepareOptions.DEFAULT_SHARD_TOKENS, NEW_YEAR);
    }

    private record Row(long[] ids, long[] labels, long[] positions) {
    }

    private static List<Row> rowsOf(Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Path file : TokenShardReader.shardsIn(dir)) {
            TokenShard shard = TokenShardReader.read(file);
            long[] offsets = shard.rowOffsets();
            for (int r = 0; r < shard.rowCount(); r++) {
                int from = (int) offsets[r];
                int to = (int) offsets[r + 1];
                rows.add(new Row(Arrays.copyOfRange(shard.inputIds(), from, to), Arrays.copyOfRange(shard.labels(), from, to),
                        Arrays.copyOfRange(shard.positionIds(), from, to)));
            }
        }
        return rows;
    }

    private PrepareStats assertSameAsTrl(String golden, PrepareOptions options) throws Exception {
        PrepareStats stats = new PrepareStage(options).run(GoldenFiles.tinyModel(),
                GoldenFiles.path("prepare/" + golden + ".input.jsonl"), out);
        List<Row> rows = rowsOf(out);
        List<JsonNode> trl = GoldenFiles.jsonLines("prepare/" + golden + ".trl.jsonl");
        assertThat(rows).as("training rows").hasSize(trl.size());
        for (int r = 0; r < rows.size(); r++) {
            JsonNode expected = trl.get(r);
            assertThat(rows.get(r).ids()).as("row %d input_ids", r).containsExactly(longs(expected.get("input_ids")));
            assertThat(rows.get(r).labels()).as("row %d labels", r).containsExactly(longs(expected.get("labels")));
            assertThat(rows.get(r).positions()).as("row %d position_ids", r).containsExactly(longs(expected.get("position_ids")));
        }
        assertThat(stats.trainingRows()).isEqualTo(trl.size());
        assertThat(Files.exists(out.resolve("stats.json"))).isTrue();
        return stats;
    }

    private static long[] longs(JsonNode array) {
        return Arrays.stream(GoldenFiles.ints(array)).asLongStream().toArray();
    }

    @Test
    void gsm8kConversationsWithAssistantOnlyLossPackedBestFitEqualTrl() throws Exception {
        PrepareStats stats = assertSameAsTrl("gsm8k_bfd", options(512, true, true));
        assertThat(stats.rows()).isEqualTo(150);
        assertThat(new ObjectMapper().readTree(out.resolve("stats.json").toFile()).get("training_rows").asLong())
                .isEqualTo(stats.trainingRows());
        assertThat(stats.packingEfficiency()).isBetween(0.9, 1.0);
        assertThat(stats.lossTokens()).isLessThan(stats.tokens());
    }

    @Test
    void conversationalPromptCompletionWithTruncationEqualsTrl() throws Exception {
        assertSameAsTrl("prompt_completion", options(128, false, false));
    }

    @Test
    void plainTextGetsEosAndEqualsTrl() throws Exception {
        assertSameAsTrl("text", options(1024, false, false));
    }

    @Test
    void outputDoesNotDependOnThreadsOrShardSize(@TempDir Path other) throws Exception {
        Path input = GoldenFiles.path("prepare/gsm8k_bfd.input.jsonl");
        new PrepareStage(options(512, true, true).withThreads(1)).run(GoldenFiles.tinyModel(), input, out);
        PrepareStats split = new PrepareStage(options(512, true, true).withThreads(3).withShardTokens(5000))
                .run(GoldenFiles.tinyModel(), input, other);
        assertThat(split.shards()).hasSizeGreaterThan(3);
        List<Row> one = rowsOf(out);
        List<Row> many = rowsOf(other);
        assertThat(many).hasSameSizeAs(one);
        for (int r = 0; r < one.size(); r++) {
            assertThat(many.get(r).ids()).containsExactly(one.get(r).ids());
            assertThat(many.get(r).labels()).containsExactly(one.get(r).labels());
        }
    }

    @Test
    void assistantOnlyLossWithATemplateWithoutGenerationBlocksNamesTheTemplate(@TempDir Path model) throws Exception {
        for (String file : List.of("tokenizer.json", "tokenizer_config.json", "config.json")) {
            Files.copy(GoldenFiles.tinyModel().resolve(file), model.resolve(file));
        }
        String template = Files.readString(GoldenFiles.tinyModel().resolve("chat_template.jinja"))
                .replace("{% generation %}", "").replace("{% endgeneration %}", "");
        Files.writeString(model.resolve("chat_template.jinja"), template);

        assertThatThrownBy(() -> new PrepareStage(options(512, true, true)).run(model,
                GoldenFiles.path("prepare/gsm8k_bfd.input.jsonl"), out))
                .isInstanceOf(DatasetRowException.class)
                .hasMessageContaining("chat_template.jinja")
                .hasMessageContaining("{% generation %}");
    }

    @Test
    void aBrokenRowIsReportedWithItsLineNumber(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\": \"fine\"}\n\n{\"text\": 42}\n");
        assertThatThrownBy(() -> new PrepareStage(options(64, false, false)).run(GoldenFiles.tinyModel(), input, out))
                .isInstanceOf(DatasetRowException.class)
                .hasMessageContaining("rows.jsonl:3")
                .hasMessageContaining("'text' must be a string");
    }

    @Test
    void readsGzippedPartFilesInOrderAsOneDataset(@TempDir Path parts, @TempDir Path whole) throws Exception {
        List<String> lines = Files.readAllLines(GoldenFiles.path("prepare/gsm8k_bfd.input.jsonl"));
        Path part0 = parts.resolve("part-00000.jsonl.gz");
        Path part1 = parts.resolve("part-00001.jsonl.gz");
        for (Path part : List.of(part0, part1)) {
            List<String> half = part == part0 ? lines.subList(0, 60) : lines.subList(60, lines.size());
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(part))) {
                out.write((String.join("\n", half) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        new PrepareStage(options(512, true, true)).run(GoldenFiles.tinyModel(), List.of(part0, part1), out);
        new PrepareStage(options(512, true, true)).run(GoldenFiles.tinyModel(),
                GoldenFiles.path("prepare/gsm8k_bfd.input.jsonl"), whole);
        List<Row> fromParts = rowsOf(out);
        List<Row> fromWhole = rowsOf(whole);
        assertThat(fromParts).hasSameSizeAs(fromWhole);
        for (int r = 0; r < fromWhole.size(); r++) {
            assertThat(fromParts.get(r).ids()).containsExactly(fromWhole.get(r).ids());
        }
    }
}
