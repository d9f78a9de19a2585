package io.smolforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code smolforge render} and {@code smolforge prepare} as outside scripts call them. */
class TemplateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODEL = Path.of("../examples/models/tiny-smollm3-base");

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void renderWritesTextIdsAndAssistantMasksPerLineOrAnError() throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, """
                {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}], "enable_thinking": false}
                {"messages": [{"role": "user", "content": "{{ 7*7 }}"}], "add_generation_prompt": true}
                not json
                """);
        Path output = dir.resolve("out.jsonl");

        Result result = run("render", "--model", MODEL.toString(), "--input", input.toString(), "--output",
                output.toString(), "--now", "2026-01-01T12:00:00");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("text").asText()).contains("Today Date: 01 January 2026", "Reasoning Mode: /no_think",
                "<|im_start|>assistant\n<think>\n\n</think>\n4<|im_end|>\n");
        assertThat(first.get("input_ids").size()).isEqualTo(first.get("assistant_masks").size()).isGreaterThan(10);
        int masked = 0;
        for (JsonNode bit : first.get("assistant_masks")) {
            masked += bit.asInt();
        }
        assertThat(masked).isBetween(5, 20);
        assertThat(JSON.readTree(lines.get(1)).get("text").asText()).contains("{{ 7*7 }}").endsWith("<|im_start|>assistant\n");
        assertThat(JSON.readTree(lines.get(2)).has("error")).isTrue();
    }

    @Test
    void renderWithATemplateFileGivesTextOnly() throws Exception {
        Path template = dir.resolve("t.jinja");
        Files.writeString(template, "{% for m in messages %}{{ m.role }}: {{ m.content }}{{ eos_token }}\n{% endfor %}");
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n");
        Path output = dir.resolve("out.jsonl");

        Result result = run("render", "--template", template.toString(), "--special-tokens", "{\"eos_token\": \"</s>\"}",
                "--input", input.toString(), "--output", output.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode line = JSON.readTree(Files.readAllLines(output).get(0));
        assertThat(line.get("text").asText()).isEqualTo("user: hi</s>\n");
        assertThat(line.has("input_ids")).isFalse();
    }

    @Test
    void prepareWritesShardsAndStatsAndPrintsRates() throws Exception {
        Path input = dir.resolve("messages.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append("{\"messages\": [{\"role\": \"system\", \"content\": \"You are a math tutor. /no_think\"},"
                    + " {\"role\": \"user\", \"content\": \"What is ").append(i).append(" + 1?\"},"
                    + " {\"role\": \"assistant\", \"content\": \"").append(i).append(" + 1 = ").append(i + 1)
                    .append("\\n#### ").append(i + 1).append("\"}]}\n");
        }
        Files.writeString(input, rows);
        Path config = dir.resolve("sft.yaml");
        Files.writeString(config, "max_length: 256\npacking: true\npacking_strategy: bfd\nassistant_only_loss: true\n");
        Path output = dir.resolve("tokens");

        Result result = run("prepare", "--model", MODEL.toString(), "--input", input.toString(), "--config",
                config.toString(), "--output", output.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("rows/s", "tokens/s", "prepared 20 rows");
        List<Path> shards = TokenShardReader.shardsIn(output);
        assertThat(shards).hasSize(1);
        TokenShard shard = TokenShardReader.read(shards.get(0));
        assertThat(shard.metadata()).containsEntry("packing", "bfd").containsEntry("max_length", "256");
        for (long length : shard.rowLengths()) {
            assertThat(length).isLessThanOrEqualTo(256);
        }
        JsonNode stats = JSON.readTree(output.resolve("stats.json").toFile());
        assertThat(stats.get("rows").asInt()).isEqualTo(20);
        assertThat(stats.get("tokens").asLong()).isEqualTo(shard.tokenCount());
    }

    @Test
    void prepareNamesTheProblemWhenTheConfigIsInvalid() throws Exception {
        Path config = dir.resolve("sft.yaml");
        Files.writeString(config, "max_lenght: 256\n");
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"text\": \"hello\"}\n");

        Result result = run("prepare", "--model", MODEL.toString(), "--input", input.toString(), "--config",
                config.toString(), "--output", dir.resolve("o").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("max_lenght");
    }

    @Test
    void renderExitsWithOneWhenTheModelHasNoTemplate() throws Exception {
        Path model = Files.createDirectories(dir.resolve("no-template"));
        Files.copy(MODEL.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\"}");
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{\"messages\": []}\n");

        Result result = run("render", "--model", model.toString(), "--input", input.toString(), "--output",
                dir.resolve("out.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error:").contains("no-template");
    }
}
