package io.smolforge.trainer.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * LoRA hyper-parameters with PEFT's semantics.
 *
 * @param targetModules module names matched as PEFT does (the full name or its last dotted parts), or
 *                      {@code ["all-linear"]} for every linear layer but lm_head
 * @param targetRegex   when not null, a regular expression that must match the whole module name
 *                      (PEFT's {@code target_modules} given as one string) and {@code targetModules} is ignored
 * @param useRslora     rank-stabilised LoRA: scaling alpha/sqrt(r) instead of alpha/r
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, String targetRegex,
                         boolean useRslora) {

    public static final String ALL_LINEAR = "all-linear";
    public static final String CONFIG_FILE = "adapter_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** PEFT's defaults when target_modules is not given (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING). */
    private static final java.util.Map<String, List<String>> DEFAULT_TARGETS = java.util.Map.of("llama", List.of("q_proj", "v_proj"));

    public LoraConfig {
        if (r <= 0) {
            throw new IllegalArgumentException("lora_r must be positive, got " + r);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        targetModules = targetModules == null ? List.of() : List.copyOf(targetModules);
    }

    public static LoraConfig of(int r, double alpha, double dropout, List<String> targetModules) {
        return new LoraConfig(r, alpha, dropout, targetModules, null, false);
    }

    public LoraConfig withRslora(boolean rslora) {
        return new LoraConfig(r, alpha, dropout, targetModules, targetRegex, rslora);
    }

    /** The factor applied to B·A: {@code lora_alpha / r}, or {@code lora_alpha / sqrt(r)} with rsLoRA. */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    /** Fills in PEFT's per-architecture default targets; PEFT refuses an architecture without one, and so do we. */
    public LoraConfig withDefaultTargetsFor(String modelType) {
        if (!targetModules.isEmpty() || targetRegex != null) {
            return this;
        }
        List<String> defaults = DEFAULT_TARGETS.get(modelType);
        if (defaults == null) {
            throw new IllegalArgumentException("lora_target_modules must be given for model_type '" + modelType
                    + "' (PEFT has no default for it); e.g. [q_proj, k_proj, v_proj, o_proj] or all-linear");
        }
        return new LoraConfig(r, alpha, dropout, defaults, null, useRslora);
    }

    /** Whether LoRA goes on the linear layer with this full module name (e.g. model.layers.0.self_attn.q_proj). */
    public boolean targets(String moduleName) {
        if (targetRegex != null) {
            return Pattern.matches(targetRegex, moduleName);
        }
        for (String target : targetModules) {
            if (target.equals(ALL_LINEAR) || moduleName.equals(target) || moduleName.endsWith("." + target)) {
                return true;
            }
        }
        return false;
    }

    /** Reads a PEFT {@code adapter_config.json} (a LoRA one). */
    public static LoraConfig read(Path adapterDir) throws IOException {
        Path file = adapterDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found (a PEFT adapter directory needs adapter_config.json)");
        }
        JsonNode node = JSON.readTree(file.toFile());
        if (!node.path("peft_type").asText("LORA").equals("LORA")) {
            throw new IllegalArgumentException(file + ": peft_type " + node.path("peft_type").asText() + " is not LORA");
        }
        if (node.path("use_dora").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": DoRA adapters are not supported");
        }
        JsonNode targets = node.path("target_modules");
        List<String> names = new ArrayList<>();
        String regex = null;
        if (targets.isTextual()) {
            if (targets.asText().equals(ALL_LINEAR)) {
                names.add(ALL_LINEAR);
            } else {
                regex = targets.asText();
            }
        } else {
            targets.forEach(t -> names.add(t.asText()));
        }
        return new LoraConfig(node.path("r").asInt(8), node.path("lora_alpha").asDouble(8), node.path("lora_dropout").asDouble(0),
                names, regex, node.path("use_rslora").asBoolean(false));
    }
}
