package io.smolforge.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where training stands, saved in every checkpoint as trainer_state.json. The data cursor and the random
 * state follow from these numbers: batches are a function of (seed, epoch) and step k re-seeds the engine's
 * RNG (LoRA dropout) with seed + k, so a resumed run takes the same path as an uninterrupted one.
 */
public record TrainerState(int globalStep, int totalSteps, double epoch, long seed, double elapsedSeconds,
                           long tokensSeen, boolean lora) {

    public static final String FILE = "trainer_state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static TrainerState read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found; is " + dir + " a SmolForge checkpoint?");
        }
        return JSON.readValue(file.toFile(), TrainerState.class);
    }
}
