package io.smolforge.cli;

import io.smolforge.dataset.ConversionOptions;
import io.smolforge.dataset.ConversionOutput;
import io.smolforge.dataset.ConversionStats;
import io.smolforge.dataset.DatasetConverter;
import io.smolforge.dataset.DatasetFormat;
import io.smolforge.dataset.DatasetSource;
import io.smolforge.dataset.PartDirectoryOutput;
import io.smolforge.dataset.SingleFileOutput;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smolforge bench-convert}: rows per second of the dataset conversion (default: GSM8K train). */
@Command(name = "bench-convert", mixinStandardHelpOptions = true,
        description = {"Convert a dataset repeatedly and print rows/s: once into a plain JSONL file (what convert"
                + " writes), once into gzip parts (what the dataset service writes).",
                "Rows per CPU second are printed too: the conversion runs on one thread, so that figure stays"
                        + " comparable on a busy machine."})
public final class BenchConvertCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "PATH", defaultValue = "examples/data/gsm8k/train.jsonl",
            description = "Dataset to convert (default: ${DEFAULT-VALUE}, 7,473 rows).")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", description = "As for convert.")
    String format;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed runs first (JIT warm-up).")
    int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10", description = "Timed runs.")
    int iterations;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("smolforge-convert-bench");
        try {
            DatasetSource source = DatasetSource.of(input).withFormat(DatasetFormat.fromName(format));
            ConversionOptions options = ConversionOptions.defaults().withWorkDir(scratch.resolve("work"));
            measure("jsonl file", source, options, new SingleFileOutput(scratch.resolve("out.jsonl")));
            measure("gzip parts", source, options, new PartDirectoryOutput(scratch.resolve("parts")));
            return 0;
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void measure(String label, DatasetSource source, ConversionOptions options, ConversionOutput output)
            throws Exception {
        for (int i = 0; i < warmup; i++) {
            new DatasetConverter(options).convert(List.of(source), output);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rates = new double[iterations];
        double[] cpuRates = new double[iterations];
        long rows = 0;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            ConversionStats stats = new DatasetConverter(options).convert(List.of(source), output);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            rows = stats.rowsRead();
            rates[i] = rows / seconds;
            cpuRates[i] = rows / cpuSeconds;
            System.out.printf("%s run %d: %d rows in %.3f s = %.0f rows/s (%.0f rows per CPU second)%n",
                    label, i + 1, rows, seconds, rates[i], cpuRates[i]);
        }
        System.out.printf("convert %s -> %s: %d rows, median %.0f rows/s wall clock, median %.0f rows per CPU second"
                        + " (%d runs after %d warm-up)%n",
                input, label, rows, median(rates), median(cpuRates), iterations, warmup);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
