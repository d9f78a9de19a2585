package io.smolforge.trainer.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.api.safetensors.SafetensorsDtype;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.api.safetensors.SafetensorsWriter;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.score.SequenceScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLoadingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void readsTransformers4ConfigWithNoRopeInterval() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree("""
                {"model_type": "smollm3", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 8, "num_attention_heads": 2, "num_key_value_heads": 1,
                 "rope_theta": 5000000.0, "torch_dtype": "bfloat16", "no_rope_layer_interval": 4}""");
        ModelConfig parsed = ModelConfig.parse(config, "config.json");
        assertThat(parsed.rope().theta()).isEqualTo(5_000_000.0);
        assertThat(parsed.useRope()).containsExactly(true, true, true, false, true, true, true, false);
        assertThat(parsed.tieWordEmbeddings()).isTrue();
        assertThat(parsed.headDim()).isEqualTo(4);
    }

    @Test
    void llamaUsesRopeEverywhereAndUntiedHeadByDefault() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree("""
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 2, "num_attention_heads": 2,
                 "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                   "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}""");
        ModelConfig parsed = ModelConfig.parse(config, "config.json");
        assertThat(parsed.useRope()).containsExactly(true, true);
        assertThat(parsed.tieWordEmbeddings()).isFalse();
        assertThat(parsed.rope().type()).isEqualTo("llama3");
        assertThat(parsed.rope().inverseFrequencies(4)[0]).isEqualTo(1.0f);
    }

    @Test
    void shardedBf16CheckpointLoadsAndScoresLikeTheF32One() throws Exception {
        Path dir = temp.resolve("bf16-sharded");
        Files.createDirectories(dir);
        Files.copy(Golden.tinyModel().resolve("config.json"), dir.resolve("config.json"));
        List<String> names;
        StringBuilder weightMap = new StringBuilder();
        try (SafetensorsReader reader = SafetensorsReader.open(Golden.tinyModel())) {
            names = new ArrayList<>(reader.names());
            SafetensorsWriter first = new SafetensorsWriter();
            SafetensorsWriter second = new SafetensorsWriter();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String shard = i % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                (i % 2 == 0 ? first : second).putFloats(name, SafetensorsDtype.BF16, reader.floats(name), reader.shape(name));
                weightMap.append(weightMap.isEmpty() ? "" : ",").append('"').append(name).append("\":\"").append(shard).append('"');
            }
            first.write(dir.resolve("model-00001-of-00002.safetensors"));
            second.write(dir.resolve("model-00002-of-00002.safetensors"));
        }
        Files.writeString(dir.resolve(SafetensorsReader.INDEX_FILE), "{\"weight_map\":{" + weightMap + "}}");

        long[] ids = {3, 1378, 203, 282, 3548, 203, 203, 3545, 3481, 2350, 30, 2439};
        TokenizedExample example = new TokenizedExample(ids, null);
        float[] f32;
        float[] bf16;
        try (CausalLanguageModel model = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            f32 = new SequenceScorer(model).score(example).logits();
        }
        try (CausalLanguageModel model = CausalLanguageModel.load(dir, Device.cpu())) {
            bf16 = new SequenceScorer(model).score(example).logits();
        }
        double maxDiff = 0;
        for (int i = 0; i < f32.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(f32[i] - bf16[i]));
        }
        // BF16 keeps 8 bits of mantissa: close to, but not the same as, the F32 weights
        assertThat(maxDiff).isGreaterThan(0).isLessThan(0.5);
    }

    @Test
    void misShapedTensorIsNamedInTheError() throws Exception {
        Path dir = temp.resolve("broken");
        Files.createDirectories(dir);
        Files.copy(Golden.tinyModel().resolve("config.json"), dir.resolve("config.json"));
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsReader reader = SafetensorsReader.open(Golden.tinyModel())) {
            for (String name : reader.names()) {
                if (name.equals("model.layers.2.mlp.up_proj.weight")) {
                    writer.putFloats(name, new float[384 * 64], 384, 64);
                } else {
                    writer.putFloats(name, reader.floats(name), reader.shape(name));
                }
            }
        }
        writer.write(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> CausalLanguageModel.load(dir, Device.cpu()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model.layers.2.mlp.up_proj.weight")
                .hasMessageContaining("[384, 64]").hasMessageContaining("[384, 128]");
    }
}
