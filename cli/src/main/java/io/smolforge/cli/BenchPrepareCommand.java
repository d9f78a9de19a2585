package io.smolforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardReader;
import io.smolforge.dataset.DatasetFormat;
import io.smolforge.dataset.RowRejectedException;
import io.smolforge.dataset.convert.RowConversion;
import io.smolforge.template.prepare.PrepareOptions;
import io.smolforge.template.prepare.PrepareStage;
import io.smolforge.template.prepare.PrepareStats;
import io.smolforge.template.prepare.TruncationMode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smolforge bench-prepare}: the prepare stage against TRL's SFTTrainer dataset preparation on
 * the same rows, side by side in one run, printing rows/s of both and the ratio.
 */
@Command(name = "bench-prepare", mixinStandardHelpOptions = true,
        description = {
                "Benchmark: GSM8K train as system + user + assistant conversations, assistant-only loss, bfd packing,"
                        + " on the tiny model; SmolForge's prepare stage and (when Python with trl is found) TRL 1.13's"
                        + " SFTTrainer dataset preparation, timed on the same file. --verify also checks that both"
                        + " produce the same training rows."})
public final class BenchPrepareCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = "2026-01-01T12:00:00";

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "examples/models/tiny-smollm3-base",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--gsm8k", paramLabel = "FILE", defaultValue = "examples/data/gsm8k/train.jsonl",
            description = "GSM8K rows (question, answer) (default: ${DEFAULT-VALUE}).")
    Path gsm8k;

    @Option(names = "--system-prompt", paramLabel = "TEXT", defaultValue = "You are a math tutor. /no_think",
            description = "System turn of every conversation (default: ${DEFAULT-VALUE}).")
    String systemPrompt;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "1024", description = "max_length (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
            description = "Untimed SmolForge runs first, so the JIT has compiled the hot code, as a long-running"
                    + " service has (their figures are printed; default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed SmolForge runs; the best and the median are reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--threads", paramLabel = "N", description = "SmolForge worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--python", paramLabel = "EXE",
            description = "Python with trl 1.13 installed (default: $SMOLFORGE_PYTHON, else python3); 'none' skips TRL.")
    String python;

    @Option(names = "--trl-script", paramLabel = "FILE", defaultValue = "scripts/trl_prepare.py",
            description = "The TRL side (default: ${DEFAULT-VALUE}).")
    Path trlScript;

    @Option(names = "--verify", description = "Also check that TRL's training rows equal SmolForge's, token for token.")
    boolean verify;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch folder (default: a temporary one).")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("bench-prepare");
        Path messages = dir.resolve("gsm8k-messages.jsonl");
        int rows = convert(messages);
        System.out.printf("input: %,d GSM8K rows as system + user + assistant messages (%s)%n", rows, messages);
        System.out.printf("settings: assistant_only_loss, packing bfd, max_length %d, model %s, template clock %s%n",
                maxLength, model, NOW);

        int cores = Runtime.getRuntime().availableProcessors();
        PrepareOptions options = new PrepareOptions(maxLength, true, "bfd", TruncationMode.KEEP_START, true, null, "text",
                null, null, threads != null ? threads : cores, PrepareOptions.DEFAULT_SHARD_TOKENS,
                Clock.fixed(Instant.parse(NOW + "Z"), ZoneOffset.UTC));
        Path output = dir.resolve("tokens");
        for (int run = 1; run <= warmup; run++) {
            double cpuBefore = processCpuSeconds();
            PrepareStats stats = new PrepareStage(options).run(model, messages, output);
            System.out.printf("smolforge warm-up %d%s: %.3f s, %,.0f rows/s; %.3f CPU s%n", run,
                    run == 1 ? " (fresh JVM)" : "", stats.seconds(), stats.rowsPerSecond(), processCpuSeconds() - cpuBefore);
        }
        List<PrepareStats> timed = new ArrayList<>();
        double bestCpu = Double.MAX_VALUE;
        for (int run = 1; run <= runs; run++) {
            double cpuBefore = processCpuSeconds();
            PrepareStats stats = new PrepareStage(options).run(model, messages, output);
            double cpu = processCpuSeconds() - cpuBefore;
            System.out.printf("smolforge run %d (%d threads): %.3f s, %,.0f rows/s, %,.0f tokens/s; %.3f CPU s%n", run,
                    options.threads(), stats.seconds(), stats.rowsPerSecond(), stats.tokensPerSecond(), cpu);
            timed.add(stats);
            bestCpu = Math.min(bestCpu, cpu);
        }
        timed.sort(java.util.Comparator.comparingDouble(PrepareStats::seconds));
        PrepareStats best = timed.get(0);
        PrepareStats median = timed.get(timed.size() / 2);
        PrepareStats single = new PrepareStage(options.withThreads(1)).run(model, messages, dir.resolve("tokens-1"));
        System.out.printf("smolforge (1 thread):     %.3f s, %,.0f rows/s%n", single.seconds(), single.rowsPerSecond());
        System.out.printf("smolforge output: %,d training rows, %,d tokens, packing efficiency %.1f%%%n",
                best.trainingRows(), best.tokens(), 100 * best.packingEfficiency());

        String exe = python != null ? python : System.getenv().getOrDefault("SMOLFORGE_PYTHON", "python3");
        if ("none".equals(exe) || !Files.exists(trlScript)) {
            System.out.println("trl: skipped (--python none or no " + trlScript + ")");
            return 0;
        }
        Path dump = dir.resolve("trl-rows.jsonl");
        JsonNode trl = runTrl(exe, messages, verify ? dump : null);
        if (trl == null) {
            System.out.println("trl: skipped (" + exe + " with trl not available)");
            return 0;
        }
        double trlRowsPerSecond = trl.get("rows_per_second").asDouble();
        System.out.printf("trl 1.13 SFTTrainer preparation (1 process): %.3f s, %,.0f rows/s, %,d training rows%n",
                trl.get("seconds").asDouble(), trlRowsPerSecond, trl.get("training_rows").asLong());
        System.out.printf("speed-up: %.1fx (best smolforge run vs trl, rows/s), %.1fx median run, %.1fx single-threaded%n",
                best.rowsPerSecond() / trlRowsPerSecond, median.rowsPerSecond() / trlRowsPerSecond,
                single.rowsPerSecond() / trlRowsPerSecond);
        // On a machine shared with other work, wall-clock rates swing; CPU seconds show the work each side does.
        System.out.printf("cpu: smolforge %.3f s, trl %.3f s for the same rows (%.1fx less CPU)%n", bestCpu,
                trl.get("cpu_seconds").asDouble(), trl.get("cpu_seconds").asDouble() / bestCpu);
        if (verify) {
            long mismatches = compare(output, dump);
            System.out.println(mismatches == 0 ? "verify: every training row equals TRL's (input_ids, labels, position_ids)"
                    : "verify: " + mismatches + " training rows differ from TRL's");
            return mismatches == 0 ? 0 : 1;
        }
        return 0;
    }

    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** GSM8K rows to messages with dataset-core's converter, as the dataset service would. */
    private int convert(Path messages) throws IOException {
        RowConversion conversion = new RowConversion(DatasetFormat.GSM8K, null, systemPrompt, false, true);
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(gsm8k, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(messages, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode row = conversion.convert(JSON.readTree(line)).row();
                    out.write(JSON.writeValueAsString(JSON.createObjectNode().set("messages", row.get("messages"))));
                    out.newLine();
                    count++;
                } catch (RowRejectedException e) {
                    throw new IOException(gsm8k + ": row " + (count + 1) + " rejected: " + e.getMessage(), e);
                }
            }
        }
        return count;
    }

    private JsonNode runTrl(String exe, Path messages, Path dump) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(exe, trlScript.toString(), "--model", model.toString(),
                "--input", messages.toString(), "--max-length", Integer.toString(maxLength), "--packing", "bfd",
                "--assistant-only-loss", "--now", NOW));
        if (dump != null) {
            command.addAll(List.of("--dump", dump.toString()));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        if (process.waitFor() != 0) {
            System.out.println("trl side failed:");
            lines.stream().skip(Math.max(0, lines.size() - 5)).forEach(l -> System.out.println("  " + l));
            return null;
        }
        for (String line : lines) {
            if (line.startsWith("{\"rows\"")) {
                return JSON.readTree(line);
            }
        }
        return null;
    }

    private static long compare(Path shardsDir, Path dump) throws IOException {
        List<long[][]> ours = new ArrayList<>();
        for (Path file : TokenShardReader.shardsIn(shardsDir)) {
            TokenShard shard = TokenShardReader.read(file);
            long[] offsets = shard.rowOffsets();
            for (int r = 0; r < shard.rowCount(); r++) {
                int from = (int) offsets[r];
                int to = (int) offsets[r + 1];
                ours.add(new long[][] {Arrays.copyOfRange(shard.inputIds(), from, to),
                        Arrays.copyOfRange(shard.labels(), from, to), Arrays.copyOfRange(shard.positionIds(), from, to)});
            }
        }
        List<String> theirs = Files.readAllLines(dump);
        long mismatches = Math.abs(ours.size() - theirs.size());
        for (int r = 0; r < Math.min(ours.size(), theirs.size()); r++) {
            JsonNode row = JSON.readTree(theirs.get(r));
            long[][] mine = ours.get(r);
            if (!Arrays.equals(mine[0], longs(row.get("input_ids"))) || !Arrays.equals(mine[1], longs(row.get("labels")))
                    || !Arrays.equals(mine[2], longs(row.get("position_ids")))) {
                mismatches++;
            }
        }
        return mismatches;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
