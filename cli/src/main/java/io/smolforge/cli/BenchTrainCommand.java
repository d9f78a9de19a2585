package io.smolforge.cli;

import io.smolforge.api.spec.SmolForgeSettings;
import io.smolforge.trainer.bench.RandomModel;
import io.smolforge.trainer.bench.TrainingBenchmark;
import io.smolforge.trainer.data.TokenizedExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code smolforge bench-train}: LoRA SFT tokens/s and peak RSS (scripts/bench-train.sh runs it beside TRL). */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Measure LoRA SFT throughput (tokens/s) and peak RSS on random full-length rows.")
public final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model directory; with --random-25m it is created there first if missing.")
    Path model;

    @Option(names = "--random-25m", description = "Use (and create if missing) a random-init SmolLM3 shape: hidden 512, 8 layers, intermediate 1536, 8/4 heads.")
    boolean random25m;

    @Option(names = "--vocab", defaultValue = "4102", description = "Vocabulary of the random model and data (default ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--batch", defaultValue = "8")
    int batch;

    @Option(names = "--max-length", defaultValue = "512")
    int maxLength;

    @Option(names = "--lora-r", defaultValue = "16")
    int loraR;

    @Option(names = "--warmup", defaultValue = "2", description = "Steps not measured.")
    int warmup;

    @Option(names = "--steps", defaultValue = "8", description = "Measured steps.")
    int steps;

    @Option(names = "--min-length", description = "Rows get random lengths in [min-length, max-length] (default: all max-length).")
    Integer minLength;

    @Option(names = "--activation-memory-mb", defaultValue = "" + SmolForgeSettings.DEFAULT_ACTIVATION_MEMORY_MB,
            description = "Activation memory the forward/backward passes at once may keep (smolforge.activation_memory_mb; default ${DEFAULT-VALUE}).")
    long activationMemoryMb;

    @Option(names = "--concurrent-passes",
            description = "Forward/backward passes at once (smolforge.concurrent_passes; default: 2 on a CPU).")
    Integer concurrentPasses;

    @Option(names = "--write-data", description = "Also write the random rows as JSON lines (for the TRL side).")
    Path writeData;

    @Override
    public Integer call() throws Exception {
        if (random25m && (model == null || !Files.exists(model.resolve("config.json")))) {
            if (model == null) {
                model = Files.createTempDirectory("smolforge-bench-25m");
            }
            RandomModel.writeBenchmarkShape(model, vocab, 1234);
        }
        if (model == null) {
            throw new IllegalArgumentException("give --model DIR or --random-25m");
        }
        List<TokenizedExample> data = TrainingBenchmark.syntheticData(batch * (warmup + steps),
                minLength != null ? minLength : maxLength, maxLength, vocab, 7);
        if (writeData != null) {
            StringBuilder lines = new StringBuilder();
            for (TokenizedExample e : data) {
                lines.append("{\"input_ids\":").append(java.util.Arrays.toString(e.inputIds()).replace(" ", "")).append("}\n");
            }
            Files.writeString(writeData, lines);
        }
        TrainingBenchmark.Result result = TrainingBenchmark.run(model, data, batch, maxLength, loraR,
                activationMemoryMb << 20, concurrentPasses, warmup, steps);
        System.out.printf("{\"impl\":\"smolforge\",\"model\":\"%s\",\"batch\":%d,\"max_length\":%d,\"lora_r\":%d,"
                        + "\"activation_memory_mb\":%d,\"concurrent_passes\":%d,\"steps\":%d,\"tokens_per_second\":%.1f,\"seconds_per_step\":%.3f,\"cpu_seconds_per_step\":%.3f,"
                        + "\"peak_rss_mb\":%.0f}%n",
                model, batch, maxLength, loraR, activationMemoryMb, result.concurrentPasses(), result.steps(), result.tokensPerSecond(), result.secondsPerStep(), result.cpuSecondsPerStep(),
                result.peakRssBytes() / 1048576.0);
        return 0;
    }
}
