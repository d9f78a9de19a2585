package io.smolforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.smolforge.api.safetensors.SafetensorsReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a Hugging Face model directory's safetensors into a {@link CausalLanguageModel}, checking every shape against config.json. */
final class ModelWeightsLoader {

    private final ModelConfig config;
    private final SafetensorsReader reader;
    private final NDManager manager;
    private final Path modelDir;

    private ModelWeightsLoader(ModelConfig config, SafetensorsReader reader, NDManager manager, Path modelDir) {
        this.config = config;
        this.reader = reader;
        this.manager = manager;
        this.modelDir = modelDir;
    }

    static CausalLanguageModel load(Path modelDir, Device device) throws IOException {
        ModelConfig config = ModelConfig.read(modelDir);
        NDManager manager = NDManager.newBaseManager(device);
        try (SafetensorsReader reader = SafetensorsReader.open(modelDir)) {
            return new ModelWeightsLoader(config, reader, manager, modelDir).build();
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private CausalLanguageModel build() {
        int hidden = config.hiddenSize();
        int headDim = config.headDim();
        long qOut = (long) config.numAttentionHeads() * headDim;
        long kvOut = (long) config.numKeyValueHeads() * headDim;
        NDArray embed = tensor("model.embed_tokens.weight", config.vocabSize(), hidden);
        List<CausalLanguageModel.DecoderLayer> layers = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            layers.add(new CausalLanguageModel.DecoderLayer(i, config.useRope()[i],
                    tensor(p + "input_layernorm.weight", hidden),
                    tensor(p + "post_attention_layernorm.weight", hidden),
                    projection(p + "self_attn.q_proj", qOut, hidden, config.attentionBias()),
                    projection(p + "self_attn.k_proj", kvOut, hidden, config.attentionBias()),
                    projection(p + "self_attn.v_proj", kvOut, hidden, config.attentionBias()),
                    projection(p + "self_attn.o_proj", hidden, qOut, config.attentionBias()),
                    projection(p + "mlp.gate_proj", config.intermediateSize(), hidden, config.mlpBias()),
                    projection(p + "mlp.up_proj", config.intermediateSize(), hidden, config.mlpBias()),
                    projection(p + "mlp.down_proj", hidden, config.intermediateSize(), config.mlpBias())));
        }
        NDArray norm = tensor("model.norm.weight", hidden);
        NDArray lmHead;
        if (config.tieWordEmbeddings()) {
            lmHead = embed;
        } else if (reader.contains("lm_head.weight")) {
            lmHead = tensor("lm_head.weight", config.vocabSize(), hidden);
        } else {
            throw new InvalidModelException(modelDir + ": tie_word_embeddings is false but there is no tensor 'lm_head.weight'");
        }
        return new CausalLanguageModel(config, manager, embed, layers, norm, lmHead);
    }

    private Projection projection(String name, long out, long in, boolean withBias) {
        NDArray bias = withBias ? tensor(name + ".bias", out) : null;
        return new Projection(name, tensor(name + ".weight", out, in), bias);
    }

    private NDArray tensor(String name, long... expectedShape) {
        if (!reader.contains(name)) {
            throw new InvalidModelException(modelDir + ": tensor '" + name + "' is missing from the safetensors files");
        }
        long[] shape = reader.shape(name);
        if (!Arrays.equals(shape, expectedShape)) {
            throw new InvalidModelException(modelDir + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " but config.json implies " + Arrays.toString(expectedShape));
        }
        // BF16/F16 are widened to float32 in Java: a BF16 NDArray would abort the JVM (DJL defect 2)
        return manager.create(reader.floats(name), new Shape(shape));
    }
}
