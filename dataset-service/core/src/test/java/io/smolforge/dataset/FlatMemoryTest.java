package io.smolforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-row JSONL converts in a separate JVM limited to 256 MiB of heap, in input order and shuffled: memory
 * does not grow with the input. Set -Dsmolforge.flatMemoryRows to change the row count.
 */
class FlatMemoryTest {
    private static final int ROWS = Integer.getInteger("smolforge.flatMemoryRows", 1_000_000);

    @TempDir
    Path dir;

    @Test
    void aMillionRowsConvertWithin256MiBOfHeapInOrderAndShuffled() throws Exception {
        Path input = dir.resolve("large.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(input)) {
            for (int i = 0; i < ROWS; i++) {
                out.write("{\"question\": \"What is " + i + " + " + (i % 97) + "?\", \"answer\": \"" + i + " + "
                        + (i % 97) + " = <<" + i + "+" + (i % 97) + "=" + (i + i % 97) + ">>" + (i + i % 97)
                        + "\\n#### " + (i + i % 97) + "\"}\n");
            }
        }
        for (String mode : List.of("ordered", "shuffle")) {
            String output = runWithSmallHeap(input, dir.resolve("out-" + mode), mode);
            assertThat(output).as(mode).contains("rows_in=" + ROWS + " rows_out=" + ROWS);
            try (var parts = Files.list(dir.resolve("out-" + mode))) {
                assertThat(parts.filter(p -> p.getFileName().toString().startsWith("part-"))).hasSizeGreaterThan(1);
            }
        }
    }

    private String runWithSmallHeap(Path input, Path outputDir, String mode) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                LargeConversionMain.class.getName(),
                input.toString(), outputDir.toString(), dir.resolve("work").toString(), mode));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        System.out.println("FlatMemoryTest " + mode + ": " + output.strip());
        return output;
    }
}
