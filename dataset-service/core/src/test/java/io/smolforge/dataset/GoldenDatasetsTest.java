package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real datasets in golden/ (copied from shared/datasets) convert completely and faithfully. */
class GoldenDatasetsTest {
    @TempDir
    Path dir;

    @Test
    void everyGsm8kTestRowConvertsAndKeepsTheFinalAnswerAfterTheHashMarks() throws Exception {
        Path source = ConversionRun.golden("gsm8k/test.jsonl");
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(source));

        List<String> lines = Files.readAllLines(source);
        assertThat(lines).hasSize(1319);
        assertThat(run.rows).hasSize(1319);
        assertThat(run.rejected).isEmpty();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode original = ConversionRun.JSON.readTree(lines.get(i));
            String answer = original.get("answer").textValue();
            String expected = answer.substring(answer.lastIndexOf("####") + 4).trim();
            JsonNode row = run.rows.get(i);
            assertThat(row.at("/metadata/final_answer").textValue()).as("row %d", i + 1).isEqualTo(expected);
            assertThat(ConversionRun.roles(row)).containsExactly("user", "assistant");
            assertThat(row.at("/messages/0/content").textValue()).isEqualTo(original.get("question").textValue());
            assertThat(row.at("/messages/1/content").textValue()).isEqualTo(answer);
        }
        assertThat(run.statsJson.get("rows_in").asLong()).isEqualTo(1319);
        assertThat(run.statsJson.get("rows_out").asLong()).isEqualTo(1319);
        assertThat(run.statsJson.at("/turns_histogram/2").asLong()).isEqualTo(1319);
        assertThat(run.statsJson.at("/sources/0/formats/gsm8k").asLong()).isEqualTo(1319);
    }

    @Test
    void gsm8kCalculatorAnnotationsAreRemovedAndTheSystemPromptAddedOnRequest() throws Exception {
        ConversionRun run = ConversionRun.of(dir, ConversionOptions.defaults()
                        .withRemoveCalculatorAnnotations(true).withSystemPrompt("Solve step by step."),
                DatasetSource.of(ConversionRun.golden("gsm8k/test.jsonl")).withFormat(DatasetFormat.GSM8K));

        JsonNode first = run.rows.get(0);
        assertThat(ConversionRun.roles(first)).containsExactly("system", "user", "assistant");
        assertThat(first.at("/messages/0/content").textValue()).isEqualTo("Solve step by step.");
        assertThat(first.at("/messages/2/content").textValue())
                .isEqualTo("Janet sells 16 - 3 - 4 = 9 duck eggs a day.\n"
                        + "She makes 9 * 2 = $18 every day at the farmer\u2019s market.\n#### 18");
        assertThat(run.rows).allSatisfy(row -> assertThat(row.at("/messages/2/content").textValue())
                .doesNotContain("<<").doesNotContain(">>"));
    }

    @Test
    void alpacaDemoConvertsWithInstructionAndInputJoinedByABlankLine() throws Exception {
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(ConversionRun.golden("llama-factory/alpaca_en_demo.json")));
        JsonNode source = ConversionRun.JSON.readTree(ConversionRun.golden("llama-factory/alpaca_en_demo.json").toFile());

        assertThat(run.rejected).isEmpty();
        assertThat(run.rows).hasSize(source.size());
        for (int i = 0; i < source.size(); i++) {
            JsonNode original = source.get(i);
            String input = original.path("input").asText("");
            String user = input.isEmpty() ? original.get("instruction").textValue()
                    : original.get("instruction").textValue() + "\n\n" + input;
            JsonNode row = run.rows.get(i);
            assertThat(ConversionRun.roles(row)).containsExactly("user", "assistant");
            assertThat(row.at("/messages/0/content").textValue()).isEqualTo(user);
            assertThat(row.at("/messages/1/content").textValue()).isEqualTo(original.get("output").textValue());
        }
        assertThat(run.rows).anySatisfy(row -> assertThat(row.at("/messages/0/content").textValue()).contains("\n\n"));
    }

    @Test
    void identitySetConvertsKeepingItsPlaceholders() throws Exception {
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(ConversionRun.golden("llama-factory/identity.json")));

        assertThat(run.rejected).isEmpty();
        assertThat(run.rows).hasSize(91);
        assertThat(run.rows.get(0).at("/messages/0/content").textValue()).isEqualTo("hi");
        assertThat(run.rows.get(0).at("/messages/1/content").textValue()).contains("{{name}}").contains("{{author}}");
    }

    @Test
    void textRowsPassThroughUnchanged() throws Exception {
        Path source = ConversionRun.golden("llama-factory/c4_demo_200.jsonl");
        ConversionRun run = ConversionRun.of(dir, DatasetSource.of(source));

        List<String> lines = Files.readAllLines(source);
        assertThat(run.rows).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(run.rows.get(i)).isEqualTo(ConversionRun.JSON.readTree(lines.get(i)));
        }
        assertThat(run.statsJson.at("/row_types/language_modeling").asLong()).isEqualTo(lines.size());
    }
}
