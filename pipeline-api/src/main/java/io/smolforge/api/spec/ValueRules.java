package io.smolforge.api.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Map.entry;

/**
 * What the TRL dump cannot say: the allowed choices and value ranges of job-spec keys. Choices are the
 * values of the enums TRL 1.13 / transformers 5.18 / PEFT 0.21 accept (SchedulerType, OptimizerNames,
 * IntervalStrategy, ...); ranges reject values that would make training impossible or meaningless.
 * A value of the right type but outside its rule is reported with the key and the reason.
 */
final class ValueRules {

    /** A check on a non-null value; returns why the value is wrong, or null when it is fine. */
    @FunctionalInterface
    interface Rule {
        String violation(Object value);
    }

    private static final String[] LOG_LEVELS = {"debug", "info", "warning", "error", "critical", "passive"};
    private static final String[] INTERVALS = {"no", "steps", "epoch"};

    private static final Map<String, Rule> RULES = Map.ofEntries(
            entry("learning_rate", atLeast(0)),
            entry("num_train_epochs", atLeast(0)),
            entry("max_steps", atLeastWhy(-1, "-1 means: train for num_train_epochs")),
            entry("per_device_train_batch_size", atLeast(1)),
            entry("per_device_eval_batch_size", atLeast(1)),
            entry("gradient_accumulation_steps", atLeast(1)),
            entry("warmup_steps", countOrFraction(true)),
            entry("logging_steps", countOrFraction(false)),
            entry("save_steps", countOrFraction(false)),
            entry("eval_steps", countOrFraction(false)),
            entry("eval_delay", atLeast(0)),
            entry("weight_decay", atLeast(0)),
            entry("adam_beta1", fraction()),
            entry("adam_beta2", fraction()),
            entry("adam_epsilon", atLeast(0)),
            entry("max_grad_norm", atLeastWhy(0, "0 disables gradient clipping")),
            entry("label_smoothing_factor", fraction()),
            entry("neftune_noise_alpha", atLeast(0)),
            entry("router_aux_loss_coef", atLeast(0)),
            entry("seed", between(0, 4294967295L)),
            entry("data_seed", between(0, 4294967295L)),
            entry("dataloader_num_workers", atLeast(0)),
            entry("dataloader_prefetch_factor", atLeast(1)),
            entry("save_total_limit", atLeast(0)),
            entry("ddp_timeout", atLeast(1)),
            entry("torch_empty_cache_steps", atLeast(1)),
            entry("eval_accumulation_steps", atLeast(1)),
            entry("dataset_num_proc", atLeast(1)),
            entry("max_length", atLeast(1)),
            entry("pad_to_multiple_of", atLeast(1)),
            entry("lora_r", atLeast(1)),
            entry("lora_alpha", atLeast(1)),
            entry("lora_dropout", fraction()),
            entry("test_split_size", countOrFraction(false)),
            entry("lr_scheduler_type", oneOf("linear", "cosine", "cosine_with_restarts", "polynomial", "constant",
                    "constant_with_warmup", "inverse_sqrt", "reduce_lr_on_plateau", "cosine_with_min_lr",
                    "cosine_warmup_with_min_lr", "warmup_stable_decay", "greedy")),
            entry("optim", oneOf("adamw_torch", "adamw_torch_fused", "adamw_torch_xla", "adamw_torch_npu_fused",
                    "adafactor", "adamw_anyprecision", "adamw_torch_4bit", "adamw_torch_8bit", "ademamix", "sgd",
                    "adagrad", "adamw_bnb_8bit", "adamw_8bit", "ademamix_8bit", "lion_8bit", "lion_32bit",
                    "paged_adamw_32bit", "paged_adamw_8bit", "paged_ademamix_32bit", "paged_ademamix_8bit",
                    "paged_lion_32bit", "paged_lion_8bit", "rmsprop", "rmsprop_bnb", "rmsprop_bnb_8bit",
                    "rmsprop_bnb_32bit", "galore_adamw", "galore_adamw_8bit", "galore_adafactor",
                    "galore_adamw_layerwise", "galore_adamw_8bit_layerwise", "galore_adafactor_layerwise", "lomo",
                    "adalomo", "grokadamw", "schedule_free_radam", "schedule_free_adamw", "schedule_free_sgd",
                    "apollo_adamw", "apollo_adamw_layerwise", "stable_adamw")),
            entry("logging_strategy", oneOf(INTERVALS)),
            entry("eval_strategy", oneOf(INTERVALS)),
            entry("save_strategy", oneOf("no", "steps", "epoch", "best")),
            entry("hub_strategy", oneOf("end", "every_save", "checkpoint", "all_checkpoints")),
            entry("log_level", oneOf(LOG_LEVELS)),
            entry("log_level_replica", oneOf(LOG_LEVELS)),
            entry("include_num_input_tokens_seen", oneOfOrBoolean("all", "non_padding", "no")),
            entry("include_for_metrics", eachOneOf("inputs", "loss")),
            entry("debug", eachOneOf("underflow_overflow", "tpu_metrics_debug")),
            entry("train_sampling_strategy", oneOf("random", "sequential", "group_by_length", "batch_rebalance")),
            entry("ddp_backend", oneOf("nccl", "mpi", "xccl", "gloo", "hccl")),
            entry("dataloader_multiprocessing_context", oneOf("fork", "spawn", "forkserver")),
            entry("packing_strategy", oneOf("bfd", "bfd_split", "wrapped")),
            entry("truncation_mode", oneOf("keep_start", "keep_end")),
            entry("loss_type", oneOf("nll", "dft", "chunked_nll")),
            entry("dtype", oneOf("auto", "bfloat16", "float16", "float32")),
            entry("lora_task_type", oneOf("CAUSAL_LM", "SEQ_CLS", "SEQ_2_SEQ_LM", "TOKEN_CLS", "QUESTION_ANS",
                    "FEATURE_EXTRACTION")),
            entry("bnb_4bit_quant_type", oneOf("nf4", "fp4")),
            entry("smolforge.job_name", jobName()),
            entry("smolforge.dataset_format", oneOf(SmolForgeSettings.DATASET_FORMATS.toArray(String[]::new))),
            entry("smolforge.device", oneOf("auto", "cpu", "cuda")),
            entry("smolforge.checkpoint_steps", atLeast(1)));

    private ValueRules() {
    }

    /** Why {@code value} is not allowed for {@code key}, if it is not. Null values are judged by their type, not here. */
    static Optional<String> violation(String key, Object value) {
        Rule rule = RULES.get(key);
        if (rule == null || value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(rule.violation(value));
    }

    private static Rule atLeast(double minimum) {
        return atLeastWhy(minimum, null);
    }

    private static Rule atLeastWhy(double minimum, String why) {
        return value -> number(value) >= minimum ? null
                : "must be " + (minimum == 1 ? "> 0" : "≥ " + format(minimum)) + (why == null ? "" : " (" + why + ")")
                + ", got " + value;
    }

    private static Rule between(long low, long high) {
        return value -> number(value) >= low && number(value) <= high ? null
                : "must be between " + low + " and " + high + ", got " + value;
    }

    /** A probability-like value in [0, 1). */
    private static Rule fraction() {
        return value -> number(value) >= 0 && number(value) < 1 ? null : "must be in [0, 1), got " + value;
    }

    /**
     * transformers' "steps" convention: a whole number of steps, or a float in [0, 1) meaning a ratio of the
     * total; 1.5 is neither.
     */
    private static Rule countOrFraction(boolean zeroAllowed) {
        return value -> {
            double x = number(value);
            if (x < 0 || (!zeroAllowed && x == 0)) {
                return "must be " + (zeroAllowed ? "≥ 0" : "> 0") + ", got " + value;
            }
            if (x >= 1 && x != Math.rint(x)) {
                return "must be a whole number, or a fraction in [0, 1) of the total, got " + value;
            }
            return null;
        };
    }

    private static Rule oneOf(String... allowed) {
        Set<String> choices = new LinkedHashSet<>(Arrays.asList(allowed));
        return value -> choices.contains(value) ? null : notAChoice(String.valueOf(value), choices);
    }

    private static Rule oneOfOrBoolean(String... allowed) {
        Rule choice = oneOf(allowed);
        return value -> value instanceof Boolean ? null : choice.violation(value);
    }

    /** A list, or a whitespace-separated string (transformers' form for {@code debug}), of allowed words. */
    private static Rule eachOneOf(String... allowed) {
        Set<String> choices = new LinkedHashSet<>(Arrays.asList(allowed));
        return value -> {
            List<String> items = new ArrayList<>();
            if (value instanceof List<?> list) {
                list.forEach(item -> items.add(String.valueOf(item)));
            } else {
                items.addAll(Arrays.asList(String.valueOf(value).trim().split("\\s+")));
            }
            for (String item : items) {
                if (!item.isEmpty() && !choices.contains(item)) {
                    return notAChoice(item, choices);
                }
            }
            return null;
        };
    }

    /** Job names end up in object keys and Hub repo names. */
    private static Rule jobName() {
        return value -> String.valueOf(value).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") ? null
                : "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, got \"" + value + "\"";
    }

    private static String notAChoice(String value, Set<String> choices) {
        String suggestion = ClosestName.among(value, choices).map(c -> "; did you mean '" + c + "'?").orElse("");
        return "must be one of " + String.join(", ", choices) + " (got '" + value + "'" + suggestion + ")";
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static String format(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}
