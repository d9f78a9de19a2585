package io.smolforge.trainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smolforge.api.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes a randomly initialised SmolLM3-shaped model directory (config.json + model.safetensors) for benchmarks. */
public final class RandomModel {

    private RandomModel() {
    }

    /** The ~27M-parameter benchmark shape: hidden 512, 8 layers, intermediate 1536, 8 heads, 4 KV heads. */
    public static void writeBenchmarkShape(Path dir, int vocabSize, long seed) throws IOException {
        write(dir, 512, 8, 1536, 8, 4, vocabSize, seed);
    }

    public static void write(Path dir, int hidden, int layers, int intermediate, int heads, int kvHeads, int vocab,
                             long seed) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of("SmolLM3ForCausalLM"));
        config.put("model_type", "smollm3");
        config.put("vocab_size", vocab);
        config.put("hidden_size", hidden);
        config.put("intermediate_size", intermediate);
        config.put("num_hidden_layers", layers);
        config.put("num_attention_heads", heads);
        config.put("num_key_value_heads", kvHeads);
        config.put("hidden_act", "silu");
        config.put("max_position_embeddings", 4096);
        config.put("rms_norm_eps", 1e-6);
        config.put("rope_parameters", Map.of("rope_theta", 100000.0, "rope_type", "default"));
        config.put("no_rope_layer_interval", 4);
        config.put("tie_word_embeddings", true);
        config.put("pad_token_id", 2);
        config.put("bos_token_id", 0);
        config.put("eos_token_id", 4);
        config.put("dtype", "float32");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("config.json").toFile(), config);

        Random random = new Random(seed);
        int headDim = hidden / heads;
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        writer.putFloats("model.embed_tokens.weight", normal(random, vocab * hidden), vocab, hidden);
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            writer.putFloats(p + "input_layernorm.weight", ones(hidden), hidden);
            writer.putFloats(p + "post_attention_layernorm.weight", ones(hidden), hidden);
            writer.putFloats(p + "self_attn.q_proj.weight", normal(random, heads * headDim * hidden), heads * headDim, hidden);
            writer.putFloats(p + "self_attn.k_proj.weight", normal(random, kvHeads * headDim * hidden), kvHeads * headDim, hidden);
            writer.putFloats(p + "self_attn.v_proj.weight", normal(random, kvHeads * headDim * hidden), kvHeads * headDim, hidden);
            writer.putFloats(p + "self_attn.o_proj.weight", normal(random, hidden * heads * headDim), hidden, heads * headDim);
            writer.putFloats(p + "mlp.gate_proj.weight", normal(random, intermediate * hidden), intermediate, hidden);
            writer.putFloats(p + "mlp.up_proj.weight", normal(random, intermediate * hidden), intermediate, hidden);
            writer.putFloats(p + "mlp.down_proj.weight", normal(random, hidden * intermediate), hidden, intermediate);
        }
        writer.putFloats("model.norm.weight", ones(hidden), hidden);
        writer.write(dir.resolve("model.safetensors"));
    }

    /** transformers' initializer: normal with std initializer_range (0.02). */
    private static float[] normal(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.02);
        }
        return values;
    }

    private static float[] ones(int count) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, 1f);
        return values;
    }
}
