package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reject reason, each reported with its source, line/row, field and reason while the good rows go on. */
class BadInputTest {
    private static final String GOOD = "{\"question\": \"1+1?\", \"answer\": \"1+1=2\\n#### 2\"}";

    /** line → {field, reason} of bad.jsonl; a null line entry means the line is good. */
    private static final Object[][] JSONL = {
            {GOOD, null, null},
            {"{\"question\": \"x\", \"answer\": ", null, RejectReason.MALFORMED_JSON},
            {"{\"text\": \"caf\u0000INVALID\"}", "text", RejectReason.INVALID_UTF8},
            {"{\"text\": \"" + "a".repeat(3000) + "\"}", null, RejectReason.ROW_TOO_LARGE},
            {"{\"foo\": 1}", null, RejectReason.UNRECOGNIZED_FORMAT},
            {"{\"messages\": [{\"role\": \"narrator\", \"content\": \"Once\"}, {\"role\": \"assistant\", \"content\": \"upon\"}]}",
                    "messages[0].role", RejectReason.UNKNOWN_ROLE},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"  \"}, {\"role\": \"assistant\", \"content\": \"a\"}]}",
                    "messages[0].content", RejectReason.EMPTY_CONTENT},
            {"{\"messages\": [{\"role\": \"user\", \"content\": 42}, {\"role\": \"assistant\", \"content\": \"a\"}]}",
                    "messages[0].content", RejectReason.NON_STRING_CONTENT},
            {"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"see\"}, {\"type\": \"image\", \"url\": \"x.png\"}]}, {\"role\": \"assistant\", \"content\": \"a cat\"}]}",
                    "messages[0].content[1].type", RejectReason.UNSUPPORTED_CONTENT_PART},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"system\", \"content\": \"late\"}]}",
                    "messages[2].role", RejectReason.MISPLACED_SYSTEM_TURN},
            {"{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"q\"}]}",
                    "messages", RejectReason.NO_ASSISTANT_TURN},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"and?\"}]}",
                    "messages[2].role", RejectReason.ENDS_ON_USER_TURN},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": {}}}]}, {\"role\": \"tool\", \"content\": \"42\"}]}",
                    "messages[2].role", RejectReason.ENDS_ON_TOOL_TURN},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"<think>\\nhmm\\nThe answer.\"}]}",
                    "messages[1].content", RejectReason.UNBALANCED_THINK_TAGS},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"Answer. <think>late</think>\"}]}",
                    "messages[1].content", RejectReason.MISPLACED_THINK_TAGS},
            {"{\"conversations\": [{\"from\": \"human\", \"value\": \"q\"}, {\"from\": \"function_call\", \"value\": \"call f please\"}, {\"from\": \"observation\", \"value\": \"1\"}, {\"from\": \"gpt\", \"value\": \"a\"}]}",
                    "conversations[1].value", RejectReason.INVALID_TOOL_CALL},
            {"{\"question\": \"2+2?\", \"answer\": \"It is 4.\"}", "answer", RejectReason.MISSING_FINAL_ANSWER},
            {GOOD, null, RejectReason.DUPLICATE},
            {"{\"instruction\": \"Say hi\", \"input\": \"\", \"output\": null}", "output", RejectReason.MISSING_FIELD},
            {"{\"conversations\": \"hello\"}", "conversations", RejectReason.INVALID_FIELD},
            {"", null, null},
            {"{\"text\": \"fine\"}", null, null},
    };

    @TempDir
    Path dir;
    private Path jsonl;
    private Path csv;
    private Path array;
    private Path parquet;

    @BeforeEach
    void writeBadFiles() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object[] line : JSONL) {
            // a NUL marks where the invalid byte goes: 0xC3 must start a two-byte sequence, '(' cannot continue it
            byte[] text = ((String) line[0]).getBytes(StandardCharsets.UTF_8);
            for (byte b : text) {
                bytes.write(b == 0 ? 0xC3 : b);
            }
            bytes.write('\n');
        }
        jsonl = dir.resolve("bad.jsonl");
        Files.write(jsonl, bytes.toByteArray());
        csv = dir.resolve("bad.csv");
        Files.writeString(csv, "question,answer\n\"1+2?\",\"3\n#### 3\"\n\n\"only a question\"\n");
        array = dir.resolve("bad.json");
        Files.writeString(array, "[\n {\"text\": \"first\"},\n {\"text\": \"second\"\n");
        parquet = dir.resolve("broken.parquet");
        Files.writeString(parquet, "PAR1 not really PAR1");
    }

    @Test
    void everyRejectReasonIsReportedWithSourceLineFieldAndReason() throws Exception {
        ConversionRun run = ConversionRun.of(dir, ConversionOptions.defaults()
                        .withMaxRowBytes(2000).withDropDuplicates(true).withMaxRejectRatio(1.0),
                DatasetSource.of(jsonl), DatasetSource.of(csv), DatasetSource.of(array), DatasetSource.of(parquet));

        List<JsonNode> fromJsonl = run.rejected.stream().filter(r -> r.get("source").textValue().equals("bad.jsonl")).toList();
        int expectedIndex = 0;
        long row = 0;
        for (int i = 0; i < JSONL.length; i++) {
            if (((String) JSONL[i][0]).isEmpty()) {
                continue;
            }
            row++;
            if (JSONL[i][2] == null) {
                continue;
            }
            JsonNode rejection = fromJsonl.get(expectedIndex++);
            int line = i + 1;
            assertThat(rejection.get("line").asLong()).as("line of %s", JSONL[i][2]).isEqualTo(line);
            assertThat(rejection.get("row").asLong()).as("row of %s", JSONL[i][2]).isEqualTo(row);
            assertThat(rejection.get("reason").textValue()).as("reason on line %d", line)
                    .isEqualTo(((RejectReason) JSONL[i][2]).code());
            assertThat(rejection.get("field").isNull() ? null : rejection.get("field").textValue())
                    .as("field on line %d", line).isEqualTo(JSONL[i][1]);
            assertThat(rejection.get("message").textValue()).isNotBlank();
        }
        assertThat(fromJsonl).hasSize(expectedIndex);
        assertThat(fromJsonl.get(0).get("raw").textValue()).isEqualTo("{\"question\": \"x\", \"answer\": ");

        JsonNode csvRejection = only(run, "bad.csv");
        assertThat(csvRejection.get("reason").textValue()).isEqualTo("missing_columns");
        assertThat(csvRejection.get("field").textValue()).isEqualTo("answer");
        assertThat(csvRejection.get("row").asLong()).isEqualTo(2);
        assertThat(csvRejection.get("line").asLong()).as("after a two-line row and a blank line").isEqualTo(5);
        JsonNode arrayRejection = only(run, "bad.json");
        assertThat(arrayRejection.get("reason").textValue()).isEqualTo("malformed_json");
        assertThat(arrayRejection.get("row").asLong()).isEqualTo(2);
        assertThat(arrayRejection.get("line").asLong()).as("where the broken element starts").isEqualTo(3);
        assertThat(only(run, "broken.parquet").get("reason").textValue()).isEqualTo("unreadable_source");

        Set<RejectReason> seen = run.rejected.stream().map(r -> RejectReason.valueOf(r.get("reason").textValue().toUpperCase()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectReason.class)));
        assertThat(seen).as("the suite covers every reason").containsExactlyInAnyOrderElementsOf(Arrays.asList(RejectReason.values()));

        assertThat(run.rows).extracting(r -> r.toString()).containsExactly(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"1+1?\"},{\"role\":\"assistant\",\"content\":\"1+1=2\\n#### 2\"}],\"metadata\":{\"final_answer\":\"2\"}}",
                "{\"text\":\"fine\"}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"1+2?\"},{\"role\":\"assistant\",\"content\":\"3\\n#### 3\"}],\"metadata\":{\"final_answer\":\"3\"}}",
                "{\"text\":\"first\"}");
        assertThat(run.statsJson.get("rows_rejected").asLong()).isEqualTo(run.rejected.size());
        assertThat(run.statsJson.at("/rejects_by_reason/duplicate").asLong()).isEqualTo(1);
    }

    @Test
    void invalidUtf8OutsideAStringIsStillNamedInvalidUtf8() throws Exception {
        Path file = dir.resolve("outside.jsonl");
        byte[] good = "{\"text\": \"ok\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 't', 'e', 'x', 't', '"', ':', ' ', (byte) 0xFF, '}', '\n'};
        Files.write(file, concat(good, bad));

        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(file));

        assertThat(run.rejected).singleElement().satisfies(r -> {
            assertThat(r.get("reason").textValue()).isEqualTo("invalid_utf8");
            assertThat(r.get("line").asLong()).isEqualTo(2);
        });
    }

    @Test
    void tooManyRejectsFailTheConversionWithTheTopReasonsAndPublishNoRows() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "previous good output\n");
        SingleFileOutput output = new SingleFileOutput(out);

        assertThatThrownBy(() -> new DatasetConverter(ConversionOptions.defaults().withMaxRejectRatio(0.2)
                .withMaxRowBytes(2000).withWorkDir(dir.resolve("work"))).convert(List.of(DatasetSource.of(jsonl)), output))
                .isInstanceOf(ConversionFailedException.class)
                .hasMessageContaining("over the allowed 20.0%")
                .hasMessageContaining("top reasons")
                .satisfies(e -> assertThat(((ConversionFailedException) e).stats().succeeded()).isFalse());

        assertThat(Files.readString(out)).as("earlier output untouched").isEqualTo("previous good output\n");
        assertThat(ConversionRun.readJsonLines(output.rejectedFile())).hasSizeGreaterThan(10);
        assertThat(ConversionRun.JSON.readTree(output.statsFile().toFile()).get("status").textValue()).isEqualTo("failed");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void allRowsRejectedFailsEvenWhenAnyRatioIsAllowed() {
        assertThatThrownBy(() -> ConversionRun.of(dir, DatasetSource.of(parquet)))
                .isInstanceOf(ConversionFailedException.class)
                .hasMessageContaining("no row could be converted")
                .hasMessageContaining("unreadable_source: 1");
    }

    private static JsonNode only(ConversionRun run, String source) {
        List<JsonNode> matching = run.rejected.stream().filter(r -> r.get("source").textValue().equals(source)).toList();
        assertThat(matching).as("rejections of %s", source).hasSize(1);
        return matching.get(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
