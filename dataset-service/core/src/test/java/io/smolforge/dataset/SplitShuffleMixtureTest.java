package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded test split, shuffle and source fractions: deterministic, complete and memory-bounded. */
class SplitShuffleMixtureTest {
    private static final Path GSM8K = ConversionRun.golden("gsm8k/test.jsonl");
    private static final Path IDENTITY = ConversionRun.golden("llama-factory/identity.json");

    @TempDir
    Path dir;

    @Test
    void aFractionSplitIsSeededDisjointCompleteAndKeepsInputOrder() throws Exception {
        ConversionRun a = run("a", ConversionOptions.defaults().withTestSize(0.2), DatasetSource.of(GSM8K));
        ConversionRun again = run("b", ConversionOptions.defaults().withTestSize(0.2), DatasetSource.of(GSM8K));
        ConversionRun otherSeed = run("c", ConversionOptions.defaults().withTestSize(0.2).withSeed(7), DatasetSource.of(GSM8K));

        assertThat(a.rows.size() + a.testRows.size()).isEqualTo(1319);
        // expected 264 test rows, standard deviation about 14.5
        assertThat(a.testRows.size()).isBetween(200, 330);
        assertThat(a.stats.rowsTest()).isEqualTo(a.testRows.size());
        assertThat(questions(a.rows)).doesNotContainAnyElementsOf(questions(a.testRows));
        assertThat(again.testRows).isEqualTo(a.testRows);
        assertThat(otherSeed.testRows).isNotEqualTo(a.testRows);
        List<String> input = questions(ConversionRun.of(dir.resolve("all"), DatasetSource.of(GSM8K)).rows);
        List<String> train = questions(a.rows);
        assertThat(input).containsSubsequence(train);
    }

    @Test
    void aRowCountSplitGivesExactlyThatManyTestRows() throws Exception {
        ConversionRun run = run("count", ConversionOptions.defaults().withTestSize(100.0), DatasetSource.of(GSM8K));

        assertThat(run.testRows).hasSize(100);
        assertThat(run.rows).hasSize(1219);
        assertThat(questions(run.rows)).doesNotContainAnyElementsOf(questions(run.testRows));
    }

    @Test
    void theShuffleIsASeededPermutationThatDoesNotDependOnTheMemoryBudget() throws Exception {
        List<String> input = questions(ConversionRun.of(dir.resolve("in"), DatasetSource.of(GSM8K)).rows);
        ConversionRun shuffled = run("s1", ConversionOptions.defaults().withShuffle(true), DatasetSource.of(GSM8K));
        // a 16 KiB budget forces buckets to be split again, several levels deep
        ConversionRun tightMemory = run("s2", ConversionOptions.defaults().withShuffle(true)
                .withShuffleMemoryBytes(16 * 1024), DatasetSource.of(GSM8K));
        ConversionRun otherSeed = run("s3", ConversionOptions.defaults().withShuffle(true).withSeed(1), DatasetSource.of(GSM8K));

        assertThat(questions(shuffled.rows)).containsExactlyInAnyOrderElementsOf(input).isNotEqualTo(input);
        assertThat(questions(tightMemory.rows)).isEqualTo(questions(shuffled.rows));
        assertThat(questions(otherSeed.rows)).containsExactlyInAnyOrderElementsOf(input)
                .isNotEqualTo(questions(shuffled.rows));
        assertThat(dir.resolve("s2/work").toFile().list()).as("spool files removed").isEmpty();
    }

    @Test
    void mixtureFractionsSampleOrRepeatEachSource() throws Exception {
        ConversionRun run = run("mix", ConversionOptions.defaults(),
                DatasetSource.of(GSM8K).withFraction(0.5), DatasetSource.of(IDENTITY).withFraction(2.0));

        JsonNode gsm8k = run.statsJson.at("/sources/0");
        JsonNode identity = run.statsJson.at("/sources/1");
        // expected 660 of 1319, standard deviation about 18
        assertThat(gsm8k.get("rows_out").asLong()).isBetween(580L, 740L);
        assertThat(gsm8k.get("rows_out").asLong() + gsm8k.get("rows_sampled_out").asLong()).isEqualTo(1319);
        assertThat(identity.get("rows_out").asLong()).isEqualTo(182);
        assertThat(run.rows).hasSize((int) (gsm8k.get("rows_out").asLong() + 182));
    }

    private ConversionRun run(String name, ConversionOptions options, DatasetSource... sources) throws Exception {
        return ConversionRun.of(dir.resolve(name), options, sources);
    }

    private static List<String> questions(List<JsonNode> rows) {
        List<String> questions = new ArrayList<>();
        rows.forEach(r -> questions.add(r.at("/messages/0/content").textValue()));
        return questions;
    }
}
