package io.smolforge.api.spec;

import io.smolforge.api.spec.ValueType.Kind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SmolForge-only settings of a job, given under the one extra key {@code smolforge:} so that the rest
 * of the document stays a plain TRL config.
 *
 * <pre>
 * smolforge:
 *   job_name: gsm8k-tiny-lora            # shown in status, used in output names
 *   dataset_path: examples/gsm8k.jsonl   # local file or object key of the training data
 *   dataset_format: gsm8k                # auto | gsm8k | alpaca | sharegpt | messages | prompt-completion | text
 *   dataset_mapping: {user: question, assistant: answer}   # column mapping for custom schemas
 *   system_prompt: "You are a math tutor. /no_think"
 *   remove_calculator_annotations: true  # GSM8K's &lt;&lt;48/2=24&gt;&gt;
 *   merge_adapter: false                 # also export a merged full model
 *   checkpoint_steps: 50                 # checkpoint to object storage every N optimizer steps
 *   device: auto                         # auto | cpu | cuda
 *   activation_memory_mb: 1024           # what the forward/backward passes at once may keep for backward (gradient_checkpointing)
 *   concurrent_passes: 2                 # passes run at once (default: 2 on a CPU when training LoRA, else 1)
 * </pre>
 */
public record SmolForgeSettings(
        String jobName,
        String datasetPath,
        String datasetFormat,
        Map<String, Object> datasetMapping,
        String systemPrompt,
        boolean removeCalculatorAnnotations,
        boolean mergeAdapter,
        Integer checkpointSteps,
        String device,
        int activationMemoryMb,
        Integer concurrentPasses) {

    /** The key under which these settings sit in a job spec. */
    public static final String KEY = "smolforge";

    /** Default of {@code activation_memory_mb}; also the trainer's and the benchmark's default budget. */
    public static final int DEFAULT_ACTIVATION_MEMORY_MB = 1024;

    public static final List<String> DATASET_FORMATS =
            List.of("auto", "gsm8k", "alpaca", "sharegpt", "messages", "prompt-completion", "text");

    static final List<ArgumentDefinition> DEFINITIONS = List.of(
            define("job_name", Kind.STRING, true, null, "A name for the job, shown in its status."),
            define("dataset_path", Kind.STRING, true, null, "Local file or object key of the training data."),
            define("dataset_format", Kind.STRING, false, "auto", "Dataset format, or auto to detect it."),
            define("dataset_mapping", Kind.MAP, true, null, "Column mapping for datasets of a custom schema."),
            define("system_prompt", Kind.STRING, true, null, "System prompt added to every conversation."),
            define("remove_calculator_annotations", Kind.BOOLEAN, false, false,
                    "Remove GSM8K calculator annotations such as <<48/2=24>>."),
            define("merge_adapter", Kind.BOOLEAN, false, false, "Also export the base model with the adapter merged."),
            define("checkpoint_steps", Kind.INTEGER, true, null,
                    "Checkpoint to object storage every N optimizer steps (default: save_steps)."),
            define("device", Kind.STRING, false, "auto", "Where to train: auto (CUDA when found), cpu or cuda."),
            define("activation_memory_mb", Kind.INTEGER, false, DEFAULT_ACTIVATION_MEMORY_MB,
                    "With gradient_checkpointing, the activation memory the forward/backward passes running at once may "
                            + "keep: a batch's rows are split into passes that fit, and layers are re-run only for rows "
                            + "that do not."),
            define("concurrent_passes", Kind.INTEGER, true, null,
                    "How many forward/backward passes run at once, each on its share of the cores (default: 2 on a "
                            + "CPU when training a LoRA adapter, else 1; full fine-tuning always runs 1)."));

    public SmolForgeSettings {
        datasetMapping = datasetMapping == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(datasetMapping));
    }

    /** The settings of a spec without a {@code smolforge:} section. */
    public static SmolForgeSettings defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        DEFINITIONS.forEach(d -> values.put(d.name(), d.defaultValue()));
        return fromValues(values);
    }

    @SuppressWarnings("unchecked")
    static SmolForgeSettings fromValues(Map<String, Object> values) {
        return new SmolForgeSettings(
                (String) values.get("job_name"),
                (String) values.get("dataset_path"),
                (String) values.get("dataset_format"),
                (Map<String, Object>) values.get("dataset_mapping"),
                (String) values.get("system_prompt"),
                (Boolean) values.get("remove_calculator_annotations"),
                (Boolean) values.get("merge_adapter"),
                (Integer) values.get("checkpoint_steps"),
                (String) values.get("device"),
                (Integer) values.get("activation_memory_mb"),
                (Integer) values.get("concurrent_passes"));
    }

    /** The settings under their spec keys, in declaration order (for {@link JobSpec#toJson()}). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("job_name", jobName);
        map.put("dataset_path", datasetPath);
        map.put("dataset_format", datasetFormat);
        map.put("dataset_mapping", datasetMapping);
        map.put("system_prompt", systemPrompt);
        map.put("remove_calculator_annotations", removeCalculatorAnnotations);
        map.put("merge_adapter", mergeAdapter);
        map.put("checkpoint_steps", checkpointSteps);
        map.put("device", device);
        map.put("activation_memory_mb", activationMemoryMb);
        map.put("concurrent_passes", concurrentPasses);
        return map;
    }

    private static ArgumentDefinition define(String name, Kind kind, boolean nullable, Object defaultValue, String help) {
        return new ArgumentDefinition(name, KEY, ValueType.of(kind, nullable), defaultValue, help);
    }
}
