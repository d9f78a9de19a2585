package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service layout: rolling gzip parts, the report, stats.json last; previews and redelivery checks read it. */
class PartDirectoryOutputTest {
    @TempDir
    Path dir;

    @Test
    void aSourceFailingMidwayLeavesTheEarlierOutputAsItWasAndNoPartialFiles() throws Exception {
        Path out = dir.resolve("messages");
        ConversionOptions options = ConversionOptions.defaults().withWorkDir(dir.resolve("work")).withShuffle(true);
        new DatasetConverter(options).convert(List.of(DatasetSource.of(ConversionRun.golden("llama-factory/identity.json"))),
                new PartDirectoryOutput(out, 1024));
        List<String> before = listing(out);
        assertThat(before).contains("part-00005.jsonl.gz");
        byte[] firstPart = Files.readAllBytes(out.resolve("part-00000.jsonl.gz"));
        byte[] gsm8k = Files.readAllBytes(ConversionRun.golden("gsm8k/test.jsonl"));
        DatasetSource dying = DatasetSource.of("gsm8k.jsonl", () -> new java.io.FilterInputStream(
                new java.io.ByteArrayInputStream(gsm8k)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (served > gsm8k.length / 2) {
                    throw new java.io.IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                served += Math.max(n, 0);
                return n;
            }
        });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatasetConverter(options)
                        .convert(List.of(dying), new PartDirectoryOutput(out, 1024)))
                .isInstanceOf(java.io.IOException.class).hasMessage("connection reset");

        assertThat(listing(out)).isEqualTo(before);
        assertThat(Files.readAllBytes(out.resolve("part-00000.jsonl.gz"))).isEqualTo(firstPart);
        assertThat(dir.resolve("work").toFile().list()).as("spool removed").isEmpty();

        new DatasetConverter(options).convert(List.of(DatasetSource.of(ConversionRun.golden("llama-factory/identity.json"))),
                new PartDirectoryOutput(out));
        assertThat(listing(out)).as("a later run with fewer parts leaves none of the earlier ones")
                .containsExactly("part-00000.jsonl.gz", "rejected.jsonl.gz", "stats.json");
    }

    private static List<String> listing(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void rowsRollOverIntoGzipPartsAndStatsMarkTheFinishedConversion() throws Exception {
        Path out = dir.resolve("messages");
        assertThat(PartDirectoryOutput.succeededStats(out)).isEmpty();

        ConversionStats stats = new DatasetConverter(ConversionOptions.defaults().withWorkDir(dir.resolve("work")))
                .convert(List.of(DatasetSource.of(ConversionRun.golden("gsm8k/test.jsonl"))),
                        new PartDirectoryOutput(out, 200 * 1024));

        List<String> names;
        try (Stream<Path> files = Files.list(out)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // about 800 KB of JSON in parts of 200 KiB
        assertThat(names).contains("part-00000.jsonl.gz", "part-00003.jsonl.gz", "rejected.jsonl.gz", "stats.json")
                .allMatch(name -> name.startsWith("part-") || name.equals("rejected.jsonl.gz") || name.equals("stats.json"));
        long rows = 0;
        for (String name : names) {
            if (name.startsWith("part-")) {
                rows += ConversionRun.readJsonLines(out.resolve(name)).size();
            }
        }
        assertThat(rows).isEqualTo(1319).isEqualTo(stats.rowsOut());
        assertThat(PartDirectoryOutput.succeededStats(out)).hasValueSatisfying(json ->
                assertThat(json.get("rows_out").asLong()).isEqualTo(1319));
        try (InputStream part = Files.newInputStream(out.resolve("part-00000.jsonl.gz"))) {
            assertThat(RowPreview.firstRows(part, 3)).hasSize(3)
                    .first().satisfies(row -> assertThat(row.at("/metadata/final_answer").textValue()).isEqualTo("18"));
        }
    }
}
