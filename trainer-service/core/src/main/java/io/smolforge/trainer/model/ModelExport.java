package io.smolforge.trainer.model;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.api.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a model as a Hugging Face directory: config.json, model.safetensors (F32), tokenizer files copied untouched. */
public final class ModelExport {

    /** Files carried from the base model directory unchanged (those that exist). */
    public static final List<String> CARRIED_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "chat_template.jinja", "generation_config.json", "vocab.json", "merges.txt",
            "added_tokens.json", "tokenizer.model");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelExport() {
    }

    /** Every weight under its Hugging Face name (a tied lm_head is left out, as transformers saves it). */
    public static Map<String, NDArray> namedWeights(CausalLanguageModel model) {
        Map<String, NDArray> weights = new LinkedHashMap<>();
        weights.put("model.embed_tokens.weight", model.embedTokens());
        for (CausalLanguageModel.DecoderLayer layer : model.layers()) {
            String p = "model.layers." + layer.index() + ".";
            weights.put(p + "input_layernorm.weight", layer.inputNorm());
            weights.put(p + "post_attention_layernorm.weight", layer.postAttentionNorm());
            for (Projection projection : layer.projections()) {
                weights.put(projection.name() + ".weight", projection.weight());
                if (projection.bias() != null) {
                    weights.put(projection.name() + ".bias", projection.bias());
                }
            }
        }
        weights.put("model.norm.weight", model.finalNorm());
        if (!model.tiedEmbeddings()) {
            weights.put("lm_head.weight", model.lmHead());
        }
        return weights;
    }

    /**
     * Saves the model's weights, with {@code replaced} taking the place of same-named weights (a merged
     * adapter), into {@code dir}; tokenizer and generation files come from {@code baseModelDir}.
     */
    public static void save(CausalLanguageModel model, Map<String, float[]> replaced, Path baseModelDir, Path dir) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        for (Map.Entry<String, NDArray> entry : namedWeights(model).entrySet()) {
            float[] values = replaced.containsKey(entry.getKey()) ? replaced.get(entry.getKey()) : entry.getValue().toFloatArray();
            writer.putFloats(entry.getKey(), values, entry.getValue().getShape().getShape());
        }
        writer.write(dir.resolve("model.safetensors"));
        ObjectNode config = model.config().raw().deepCopy();
        // weights are written in float32 whatever the base checkpoint used
        config.put(config.has("torch_dtype") && !config.has("dtype") ? "torch_dtype" : "dtype", "float32");
        JSON.writeValue(dir.resolve(ModelConfig.FILE).toFile(), config);
        copyCarriedFiles(baseModelDir, dir);
    }

    /** Copies the tokenizer, chat template and generation config files of a model directory, unchanged. */
    public static void copyCarriedFiles(Path baseModelDir, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : CARRIED_FILES) {
            Path source = baseModelDir.resolve(name);
            if (Files.isRegularFile(source)) {
                Files.copy(source, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
