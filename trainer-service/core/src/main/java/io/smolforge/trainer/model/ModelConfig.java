package io.smolforge.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The architecture settings of a SmolLM3 or Llama {@code config.json}, in both forms found in the
 * wild: transformers 4.x ({@code rope_theta}, {@code rope_scaling}, {@code torch_dtype}) and
 * transformers 5 ({@code rope_parameters}, {@code dtype}). Field names follow the JSON keys.
 *
 * @param useRope per layer: {@code true} for rotary layers; SmolLM3's NoPE layers are {@code false}
 * @param raw the whole document, written back unchanged (but for the dtype) when a merged model is exported
 */
public record ModelConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        RopeScaling rope,
        boolean[] useRope,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        boolean mlpBias,
        Integer padTokenId,
        ObjectNode raw) {

    public static final String FILE = "config.json";
    private static final Set<String> SUPPORTED_TYPES = Set.of("smollm3", "llama");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelConfig read(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file + ": not found (a Hugging Face model directory needs config.json)");
        }
        JsonNode node = JSON.readTree(file.toFile());
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidModelException(file + ": not a JSON object");
        }
        return parse(object, file.toString());
    }

    public static ModelConfig parse(ObjectNode json, String source) {
        String modelType = json.path("model_type").asText("");
        if (!SUPPORTED_TYPES.contains(modelType)) {
            throw new InvalidModelException(source + ": model_type '" + modelType + "' is not supported (supported: "
                    + SUPPORTED_TYPES + ")");
        }
        int hidden = required(json, "hidden_size", source);
        int layers = required(json, "num_hidden_layers", source);
        int heads = required(json, "num_attention_heads", source);
        int kvHeads = json.path("num_key_value_heads").isInt() ? json.get("num_key_value_heads").asInt() : heads;
        if (heads % kvHeads != 0) {
            throw new InvalidModelException(source + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        int headDim = json.path("head_dim").isInt() ? json.get("head_dim").asInt() : hidden / heads;
        if (json.path("use_sliding_window").asBoolean(false)) {
            throw new InvalidModelException(source + ": use_sliding_window=true is not supported");
        }
        if (!json.path("hidden_act").asText("silu").equals("silu")) {
            throw new InvalidModelException(source + ": hidden_act '" + json.path("hidden_act").asText()
                    + "' is not supported (only silu)");
        }
        boolean tie = json.path("tie_word_embeddings").asBoolean(modelType.equals("smollm3"));
        Integer pad = json.path("pad_token_id").isIntegralNumber() ? json.get("pad_token_id").asInt() : null;
        return new ModelConfig(modelType, required(json, "vocab_size", source), hidden,
                required(json, "intermediate_size", source), layers, heads, kvHeads, headDim,
                json.path("rms_norm_eps").asDouble(1e-6), RopeScaling.parse(json, source),
                ropeLayers(json, modelType, layers, source), tie,
                json.path("attention_bias").asBoolean(false), json.path("mlp_bias").asBoolean(false), pad, json);
    }

    /**
     * SmolLM3's {@code no_rope_layers[i]} is 1 where layer i <em>uses</em> rotary embeddings (transformers:
     * {@code self.use_rope = config.no_rope_layers[layer_idx]}); when absent every
     * {@code no_rope_layer_interval}-th layer is NoPE. Llama uses rope everywhere.
     */
    private static boolean[] ropeLayers(JsonNode json, String modelType, int layers, String source) {
        boolean[] useRope = new boolean[layers];
        JsonNode list = json.path("no_rope_layers");
        if (modelType.equals("smollm3") && list.isArray()) {
            if (list.size() != layers) {
                throw new InvalidModelException(source + ": no_rope_layers has " + list.size() + " entries for "
                        + layers + " layers");
            }
            for (int i = 0; i < layers; i++) {
                useRope[i] = list.get(i).asInt() != 0;
            }
        } else if (modelType.equals("smollm3")) {
            int interval = json.path("no_rope_layer_interval").asInt(4);
            for (int i = 0; i < layers; i++) {
                useRope[i] = (i + 1) % interval != 0;
            }
        } else {
            java.util.Arrays.fill(useRope, true);
        }
        return useRope;
    }

    private static int required(JsonNode json, String key, String source) {
        JsonNode value = json.get(key);
        if (value == null || !value.isInt() || value.asInt() <= 0) {
            throw new InvalidModelException(source + ": '" + key + "' must be a positive integer, got " + value);
        }
        return value.asInt();
    }

    public int numKeyValueGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Total number of weights, counting a tied lm_head once. */
    public long parameterCount() {
        long attention = (long) hiddenSize * headDim * (2L * numAttentionHeads + 2L * numKeyValueHeads);
        long mlp = 3L * hiddenSize * intermediateSize;
        long perLayer = attention + mlp + 2L * hiddenSize;
        long embeddings = (long) vocabSize * hiddenSize * (tieWordEmbeddings ? 1 : 2);
        return embeddings + numHiddenLayers * perLayer + hiddenSize;
    }

    @Override
    public boolean[] useRope() {
        return useRope.clone();
    }
}
