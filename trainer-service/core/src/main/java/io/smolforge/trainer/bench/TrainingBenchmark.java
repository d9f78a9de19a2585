package io.smolforge.trainer.bench;

import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.lora.LoraConfig;
import io.smolforge.trainer.train.SftTrainer;
import io.smolforge.trainer.train.TrainingArguments;
import io.smolforge.trainer.train.TrainingCallback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LoRA SFT throughput: trains on random full-length sequences (every token a label, no padding) and
 * reports tokens per second over the steps after a warm-up, and the process's peak resident memory.
 */
public final class TrainingBenchmark {

    /** Figures of one run. */
    /**
     * @param tokensPerSecond real (non-padding) tokens per wall-clock second
     * @param cpuSecondsPerStep process CPU time (all threads) per measured step: steadier than wall time on a busy box */
    public record Result(int steps, double tokensPerSecond, double secondsPerStep, double cpuSecondsPerStep,
                         long peakRssBytes, int concurrentPasses) {
    }

    private TrainingBenchmark() {
    }

    /** Random token rows of full length, the same for any run with the same arguments. */
    public static List<TokenizedExample> syntheticData(int rows, int length, int vocab, long seed) {
        return syntheticData(rows, length, length, vocab, seed);
    }

    /** Random token rows with lengths uniform in [minLength, maxLength] (chat data is rarely full length). */
    public static List<TokenizedExample> syntheticData(int rows, int minLength, int maxLength, int vocab, long seed) {
        Random random = new Random(seed);
        List<TokenizedExample> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            long[] ids = new long[length];
            for (int t = 0; t < length; t++) {
                ids[t] = 5 + random.nextInt(vocab - 5);
            }
            data.add(new TokenizedExample(ids, null));
        }
        return data;
    }

    /**
     * @param activationMemoryBytes the trainer's activation budget (see ActivationBudget)
     * @param concurrentPasses      forward/backward passes at once, or null for the trainer's default
     */
    public static Result run(Path modelDir, List<TokenizedExample> data, int batchSize, int maxLength, int loraR,
                             long activationMemoryBytes, Integer concurrentPasses, int warmupSteps, int measuredSteps)
            throws IOException {
        TrainingArguments args = TrainingArguments.defaults()
                .withBatching(batchSize, 1, "sequential", maxLength)
                .withOptimizer(1e-4, "constant", 0, 0.0, 1.0)
                .withLora(LoraConfig.of(loraR, 2.0 * loraR, 0.05, List.of(LoraConfig.ALL_LINEAR)))
                .withMaxSteps(warmupSteps + measuredSteps)
                .withSaveSteps(0);
        long[] measured = new long[2];
        double[] window = new double[2];
        long[] cpu = new long[2];
        int passes;
        SftTrainer.Builder builder = SftTrainer.builder().model(modelDir).trainDataset(data).args(args)
                .activationMemory(activationMemoryBytes);
        if (concurrentPasses != null) {
            builder.concurrentPasses(concurrentPasses);
        }
        try (SftTrainer trainer = builder
                .callback(new TrainingCallback() {
                    @Override
                    public void onStep(StepResult step) {
                        if (step.step() == warmupSteps) {
                            window[0] = step.seconds();
                            cpu[0] = processCpuNanos();
                        } else if (step.step() > warmupSteps) {
                            measured[0] += step.tokens();
                            measured[1]++;
                            window[1] = step.seconds();
                            cpu[1] = processCpuNanos();
                        }
                    }
                }).build()) {
            trainer.train();
            passes = trainer.concurrentPasses();
        }
        double seconds = window[1] - window[0];
        return new Result((int) measured[1], measured[0] / seconds, seconds / measured[1],
                (cpu[1] - cpu[0]) / 1e9 / measured[1], peakRssBytes(), passes);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** VmHWM of /proc/self/status: the peak resident set size of this process (Linux). */
    public static long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
