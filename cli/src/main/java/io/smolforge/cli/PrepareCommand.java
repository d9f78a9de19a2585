package io.smolforge.cli;

import io.smolforge.api.spec.InvalidJobSpecException;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.template.prepare.DatasetRowException;
import io.smolforge.template.prepare.PrepareOptions;
import io.smolforge.template.prepare.PrepareStage;
import io.smolforge.template.prepare.PrepareStats;
import io.smolforge.template.render.TemplateError;
import io.smolforge.template.tokens.TokenizationException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smolforge prepare}: the template service's stage on local files. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {
                "Render, tokenize, mask, truncate and pack converted rows as TRL's SFTTrainer prepares them, and write"
                        + " token shards (shard-*.safetensors) and stats.json to the output folder.",
                "The data keys of the TRL config apply: max_length, packing, packing_strategy, truncation_mode,"
                        + " assistant_only_loss, completion_only_loss, dataset_text_field, eos_token, chat_template_path."})
public final class PrepareCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder (tokenizer.json, chat template).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "MESSAGES.jsonl", description = "Converted rows, one JSON object per line.")
    Path input;

    @Option(names = "--config", required = true, paramLabel = "SFT.yaml", description = "TRL sft config (the job spec).")
    Path config;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for shard-*.safetensors and stats.json.")
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--now", paramLabel = "DATETIME", description = "The time strftime_now sees, e.g. 2026-01-01T12:00:00.")
    String now;

    @Override
    public Integer call() throws IOException {
        try {
            return prepare();
        } catch (InvalidJobSpecException | DatasetRowException | TemplateError | TokenizationException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int prepare() throws IOException {
        JobSpec spec = JobSpecParser.parse(config);
        spec.warnings().forEach(w -> System.err.println("warning: " + w));
        PrepareOptions options = PrepareOptions.fromSpec(spec);
        if (Boolean.TRUE.equals(spec.getBoolean("shuffle_dataset"))) {
            System.err.println("note: shuffle_dataset is not applied here: rows are packed in input order"
                    + " (the trainer's sampler shuffles training rows)");
        }
        if (threads != null) {
            options = options.withThreads(threads);
        }
        if (now != null) {
            options = options.withClock(Clock.fixed(LocalDateTime.parse(now).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        }
        PrepareStats stats = new PrepareStage(options).run(model, input, output);
        print(stats, output);
        return 0;
    }

    static void print(PrepareStats stats, Path output) {
        System.out.printf("prepared %,d rows -> %,d training rows, %,d tokens (%,d with loss), packing %s, max_length %s%n",
                stats.rows(), stats.trainingRows(), stats.tokens(), stats.lossTokens(), stats.packing(), stats.maxLength());
        if (stats.packingEfficiency() != null) {
            System.out.printf("packing efficiency %.1f%% (tokens / (rows x max_length)); %,d sequences truncated, %,d dropped%n",
                    100 * stats.packingEfficiency(), stats.truncatedSequences(), stats.droppedSequences());
        }
        System.out.printf("%.2f s: %,.0f rows/s, %,.0f tokens/s%n", stats.seconds(), stats.rowsPerSecond(), stats.tokensPerSecond());
        System.out.printf("wrote %s (%s, stats.json)%n", output, String.join(", ", stats.shards()));
    }
}
