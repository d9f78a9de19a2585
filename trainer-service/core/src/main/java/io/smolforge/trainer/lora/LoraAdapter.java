package io.smolforge.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.api.safetensors.SafetensorsWriter;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.LoraWeights;
import io.smolforge.trainer.model.Projection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The LoRA matrices attached to a model's projections, in and out of PEFT's on-disk format
 * ({@code adapter_config.json} + {@code adapter_model.safetensors} with keys such as
 * {@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}).
 */
public final class LoraAdapter {

    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    private static final String PEFT_PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LoraConfig config;
    private final List<Projection> targets;

    private LoraAdapter(LoraConfig config, List<Projection> targets) {
        this.config = config;
        this.targets = List.copyOf(targets);
    }

    /**
     * Attaches fresh LoRA weights as PEFT initialises them: A ~ kaiming_uniform(a=sqrt(5)), i.e.
     * U(-1/sqrt(in), 1/sqrt(in)), and B = 0, so the model's output is unchanged at step 0. The base
     * weights stay frozen. (Java's RNG, seeded: the values differ from torch's but not their law.)
     */
    public static LoraAdapter attachNew(CausalLanguageModel model, LoraConfig config, long seed) {
        LoraConfig resolved = config.withDefaultTargetsFor(model.config().modelType());
        Random random = new Random(seed);
        List<Projection> targets = targetsOf(model, resolved);
        for (Projection projection : targets) {
            int in = (int) projection.inFeatures();
            float bound = (float) (1.0 / Math.sqrt(in));
            float[] a = new float[resolved.r() * in];
            for (int i = 0; i < a.length; i++) {
                a[i] = (random.nextFloat() * 2 - 1) * bound;
            }
            float[] b = new float[(int) projection.outFeatures() * resolved.r()];
            attach(model, projection, resolved, a, b);
        }
        return new LoraAdapter(resolved, targets);
    }

    /** Attaches the adapter stored in a PEFT directory; every expected tensor must be there with the right shape. */
    public static LoraAdapter load(CausalLanguageModel model, Path adapterDir) throws IOException {
        LoraConfig config = LoraConfig.read(adapterDir);
        List<Projection> targets = targetsOf(model, config);
        try (SafetensorsReader reader = SafetensorsReader.open(adapterDir.resolve(WEIGHTS_FILE))) {
            for (Projection projection : targets) {
                String a = keyA(projection);
                String b = keyB(projection);
                for (String key : List.of(a, b)) {
                    if (!reader.contains(key)) {
                        throw new IllegalArgumentException(adapterDir.resolve(WEIGHTS_FILE) + ": tensor '" + key
                                + "' is missing (adapter_config.json targets " + projection.name() + ")");
                    }
                }
                checkShape(adapterDir, a, reader.shape(a), config.r(), projection.inFeatures());
                checkShape(adapterDir, b, reader.shape(b), projection.outFeatures(), config.r());
                attach(model, projection, config, reader.floats(a), reader.floats(b));
            }
        }
        return new LoraAdapter(config, targets);
    }

    private static void checkShape(Path dir, String key, long[] shape, long rows, long cols) {
        if (!Arrays.equals(shape, new long[] {rows, cols})) {
            throw new IllegalArgumentException(dir.resolve(WEIGHTS_FILE) + ": tensor '" + key + "' has shape "
                    + Arrays.toString(shape) + ", expected [" + rows + ", " + cols + "]");
        }
    }

    private static List<Projection> targetsOf(CausalLanguageModel model, LoraConfig config) {
        List<Projection> targets = model.projections().stream().filter(p -> config.targets(p.name())).toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("lora target modules " + config.targetModules()
                    + " match no linear layer of the model");
        }
        return targets;
    }

    private static void attach(CausalLanguageModel model, Projection projection, LoraConfig config, float[] a, float[] b) {
        NDManager manager = model.manager();
        NDArray arrayA = manager.create(a, new Shape(config.r(), projection.inFeatures()));
        NDArray arrayB = manager.create(b, new Shape(projection.outFeatures(), config.r()));
        arrayA.setRequiresGradient(true);
        arrayB.setRequiresGradient(true);
        projection.attachLora(new LoraWeights(arrayA, arrayB, model.constant((float) config.scaling()),
                (float) config.dropout(), model.constant((float) (config.scaling() / (1.0 - config.dropout())))));
    }

    public LoraConfig config() {
        return config;
    }

    public List<Projection> targets() {
        return targets;
    }

    /** The trainable tensors under their PEFT names, A before B per projection, in model order. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Projection projection : targets) {
            parameters.put(keyA(projection), projection.lora().a());
            parameters.put(keyB(projection), projection.lora().b());
        }
        return parameters;
    }

    public static String keyA(Projection projection) {
        return PEFT_PREFIX + projection.name() + ".lora_A.weight";
    }

    public static String keyB(Projection projection) {
        return PEFT_PREFIX + projection.name() + ".lora_B.weight";
    }

    /** Writes adapter_config.json and adapter_model.safetensors as PEFT's save_pretrained does. */
    public void save(Path dir, String baseModelName) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        parameters().forEach((key, array) -> writer.putFloats(key, array.toFloatArray(), array.getShape().getShape()));
        writer.write(dir.resolve(WEIGHTS_FILE));
        JSON.writeValue(dir.resolve(LoraConfig.CONFIG_FILE).toFile(), adapterConfigJson(baseModelName));
    }

    private ObjectNode adapterConfigJson(String baseModelName) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("alpha_pattern");
        node.putNull("auto_mapping");
        node.put("base_model_name_or_path", baseModelName);
        node.put("bias", "none");
        node.put("fan_in_fan_out", false);
        node.put("inference_mode", true);
        node.put("init_lora_weights", true);
        node.putNull("layer_replication");
        node.putNull("layers_pattern");
        node.putNull("layers_to_transform");
        if (config.alpha() != Math.rint(config.alpha())) {
            node.put("lora_alpha", config.alpha());
        } else {
            node.put("lora_alpha", (int) config.alpha());
        }
        node.put("lora_bias", false);
        node.put("lora_dropout", config.dropout());
        node.putNull("modules_to_save");
        node.put("peft_type", "LORA");
        node.put("r", config.r());
        node.putObject("rank_pattern");
        node.putNull("revision");
        if (config.targetRegex() != null) {
            node.put("target_modules", config.targetRegex());
        } else {
            // PEFT resolves all-linear to the short names it found, and saves those
            var list = node.putArray("target_modules");
            new TreeSet<>(targets.stream().map(Projection::shortName).toList()).forEach(list::add);
        }
        node.put("task_type", "CAUSAL_LM");
        node.put("use_dora", false);
        node.put("use_rslora", config.useRslora());
        return node;
    }

    /**
     * The base weights with the adapter folded in, {@code W + scaling * B·A}, under their Hugging Face
     * names (for a merged model export).
     */
    public Map<String, float[]> mergedWeights() {
        Map<String, float[]> merged = new LinkedHashMap<>();
        for (Projection projection : targets) {
            LoraWeights lora = projection.lora();
            try (NDArray product = lora.b().matMul(lora.a());
                 NDArray delta = product.mul(lora.scaling());
                 NDArray weight = projection.weight().add(delta)) {
                merged.put(projection.name() + ".weight", weight.toFloatArray());
            }
        }
        return merged;
    }

    /** Names of the projections carrying LoRA (for logs). */
    public List<String> targetNames() {
        List<String> names = new ArrayList<>();
        targets.forEach(p -> names.add(p.name()));
        return names;
    }
}
