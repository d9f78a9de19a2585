package io.smolforge.cli;

import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.trainer.train.SftTrainer;
import io.smolforge.trainer.train.TrainingCallback;
import io.smolforge.trainer.train.TrainingLogEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code smolforge train}: supervised fine-tuning (LoRA or full) on local files, as {@code trl sft --config}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune a model on pre-tokenized JSON lines or a prepare output folder.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face model directory.")
    Path model;

    @Option(names = "--input", required = true,
            description = "JSON lines {\"input_ids\", \"labels\"} or a prepare output folder (shard-*.safetensors).")
    Path input;

    @Option(names = "--config", required = true, description = "TRL sft config (YAML or JSON).")
    Path config;

    @Option(names = "--init-adapter", description = "Start from this PEFT adapter instead of a fresh one.")
    Path initAdapter;

    @Option(names = "--resume-from", description = "Continue from a checkpoint-N directory of an earlier run.")
    Path resumeFrom;

    @Option(names = "--output-dir", required = true, description = "Where the adapter (or model), log and checkpoints go.")
    Path outputDir;

    @Override
    public Integer call() throws Exception {
        SftTrainer.Builder builder = SftTrainer.builder()
                .model(model)
                .trainDataset(input)
                .config(JobSpecParser.parse(config))
                .outputDir(outputDir)
                .callback(new TrainingCallback() {
                    @Override
                    public void onLog(TrainingLogEntry e) {
                        System.err.printf("step %d  epoch %.2f  loss %.4f  lr %.3g  grad_norm %.3f  %.0f tok/s%n",
                                e.step(), e.epoch(), e.loss(), e.learningRate(), e.gradNorm(), e.tokensPerSecond());
                    }
                });
        if (initAdapter != null) {
            builder.initAdapter(initAdapter);
        }
        if (resumeFrom != null) {
            builder.resumeFrom(resumeFrom);
        }
        try (SftTrainer trainer = builder.build()) {
            trainer.train();
            System.err.printf("trained %d steps; outputs in %s%n", trainer.globalStep(), outputDir);
        }
        return 0;
    }
}
