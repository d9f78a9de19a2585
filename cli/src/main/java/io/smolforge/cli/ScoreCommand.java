package io.smolforge.cli;

import ai.djl.engine.Engine;
import io.smolforge.trainer.lora.LoraAdapter;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.score.SequenceScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code smolforge score}: logits and loss of pre-tokenized sequences, to compare with transformers. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Write logits_K and loss_K for each line K of {\"input_ids\": [...], \"labels\": [...]?} JSON lines.")
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face model directory (config.json + safetensors).")
    Path model;

    @Option(names = "--adapter", description = "PEFT LoRA adapter directory to apply.")
    Path adapter;

    @Option(names = "--input", required = true, description = "JSON lines with input_ids and optional labels.")
    Path input;

    @Option(names = "--output", required = true, description = "Output .safetensors file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (CausalLanguageModel loaded = CausalLanguageModel.load(model, Engine.getInstance().defaultDevice())) {
            if (adapter != null) {
                LoraAdapter.load(loaded, adapter);
            }
            int count = new SequenceScorer(loaded).scoreFile(input, output);
            System.err.printf("scored %d sequences into %s%n", count, output);
        }
        return 0;
    }
}
