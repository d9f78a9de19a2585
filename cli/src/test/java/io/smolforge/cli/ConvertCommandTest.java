package io.smolforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code smolforge convert} as outside scripts call it: files, stdout stats and exit codes. */
class ConvertCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesOneJsonObjectPerLineTheRejectedRowsBesideItAndPrintsTheStats() throws Exception {
        Path input = dir.resolve("gsm8k.jsonl");
        Files.writeString(input, """
                {"question": "2+3?", "answer": "2+3=<<2+3=5>>5\\n#### 5"}
                {"question": "no answer marker", "answer": "5"}
                {"question": "4*2?", "answer": "4*2=<<4*2=8>>8\\n#### 8"}
                """);
        Path output = dir.resolve("out/converted.jsonl");

        Result result = run("convert", "--input", input.toString(), "--format", "gsm8k", "--output", output.toString(),
                "--remove-calculator-annotations", "--system-prompt", "Think step by step.");

        assertThat(result.exitCode).as(result.err).isZero();
        List<String> lines = Files.readAllLines(output);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.at("/messages/0/role").textValue()).isEqualTo("system");
        assertThat(first.at("/messages/2/content").textValue()).isEqualTo("2+3=5\n#### 5");
        assertThat(first.at("/metadata/final_answer").textValue()).isEqualTo("5");
        JsonNode rejected = JSON.readTree(Files.readAllLines(dir.resolve("out/converted.jsonl.rejected.jsonl")).get(0));
        assertThat(rejected.get("line").asInt()).isEqualTo(2);
        assertThat(rejected.get("reason").textValue()).isEqualTo("missing_final_answer");
        JsonNode stats = JSON.readTree(result.out);
        assertThat(stats.get("rows_in").asInt()).isEqualTo(3);
        assertThat(stats.get("rows_out").asInt()).isEqualTo(2);
        assertThat(stats.at("/rejects_by_reason/missing_final_answer").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(dir.resolve("out/converted.jsonl.stats.json").toFile())).isEqualTo(stats);
        assertThat(result.err).contains("converted.jsonl.rejected.jsonl");
    }

    @Test
    void exitsWithOneAndTheReasonsWhenTooManyRowsAreRejected() throws Exception {
        Path input = dir.resolve("bad.jsonl");
        Files.writeString(input, "{\"messages\": [{\"role\": \"user\", \"content\": \"unanswered\"}]}\nnot json\n");

        Result result = run("convert", "--input", input.toString(), "--output", dir.resolve("o.jsonl").toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.err).contains("no row could be converted").contains("no_assistant_turn: 1").contains("malformed_json: 1");
        assertThat(Files.exists(dir.resolve("o.jsonl"))).isFalse();
        assertThat(Files.readAllLines(dir.resolve("o.jsonl.rejected.jsonl"))).hasSize(2);
    }

    @Test
    void aDirectoryInputConvertsItsDataFilesInNameOrderAndFractionsApplyPerInput() throws Exception {
        Path shards = Files.createDirectories(dir.resolve("hub/data"));
        Files.writeString(shards.resolve("train-00001-of-00002.jsonl"), "{\"text\": \"second\"}\n");
        Files.writeString(shards.resolve("train-00000-of-00002.jsonl"), "{\"text\": \"first\"}\n");
        Files.writeString(shards.resolve("README.md"), "# not data\n");
        Path extra = dir.resolve("extra.jsonl");
        Files.writeString(extra, "{\"text\": \"extra\"}\n");
        Path output = dir.resolve("mixed.jsonl");

        Result result = run("convert", "--input", dir.resolve("hub").toString(), "--input", extra.toString(),
                "--fraction", "1", "--fraction", "2", "--output", output.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(Files.readAllLines(output)).containsExactly("{\"text\":\"first\"}", "{\"text\":\"second\"}",
                "{\"text\":\"extra\"}", "{\"text\":\"extra\"}");
    }

    @Test
    void anUnknownFormatIsAUsageError() throws Exception {
        Path input = dir.resolve("x.jsonl");
        Files.writeString(input, "{\"text\": \"a\"}\n");

        Result result = run("convert", "--input", input.toString(), "--format", "yaml", "--output", dir.resolve("o.jsonl").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("unknown dataset format 'yaml'");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Main()).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
