package io.smolforge.template.prepare;

import io.smolforge.api.spec.JobSpec;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The settings of the prepare stage: TRL's data keys of the job spec plus how to run.
 *
 * @param maxLength          TRL {@code max_length} (null = no truncation; required for packing)
 * @param packing            TRL {@code packing}
 * @param packingStrategy    TRL {@code packing_strategy}: {@code bfd}, {@code bfd_split} or {@code wrapped}
 * @param truncationMode     TRL {@code truncation_mode} (unpacked rows only)
 * @param assistantOnlyLoss  TRL {@code assistant_only_loss}
 * @param completionOnlyLoss TRL {@code completion_only_loss} (null = true for prompt-completion datasets)
 * @param datasetTextField   TRL {@code dataset_text_field}
 * @param eosToken           TRL {@code eos_token} (null = the tokenizer's)
 * @param chatTemplatePath   TRL {@code chat_template_path}: a Jinja file or a tokenizer folder (null = the model's)
 * @param threads            workers rendering and tokenizing rows
 * @param shardTokens        tokens per shard file (rows are never split across shards)
 * @param clock              the clock templates see through {@code strftime_now}
 */
public record PrepareOptions(Integer maxLength, boolean packing, String packingStrategy, TruncationMode truncationMode,
                             boolean assistantOnlyLoss, Boolean completionOnlyLoss, String datasetTextField,
                             String eosToken, Path chatTemplatePath, int threads, long shardTokens, Clock clock) {

    public static final long DEFAULT_SHARD_TOKENS = 1L << 20; // 24 MiB of I64 tensors per shard

    public PrepareOptions {
        if (packing && maxLength == null) {
            throw new IllegalArgumentException("When packing is enabled, max_length can't be None (as in TRL)");
        }
        if (!java.util.List.of("bfd", "bfd_split", "wrapped").contains(packingStrategy)) {
            throw new IllegalArgumentException("packing_strategy must be bfd, bfd_split or wrapped, got '" + packingStrategy + "'");
        }
        if (threads < 1 || shardTokens < 1) {
            throw new IllegalArgumentException("threads and shardTokens must be positive");
        }
    }

    /** TRL's defaults: max_length 1024, no packing, keep_start, full-sequence loss. */
    public static PrepareOptions defaults() {
        return new PrepareOptions(1024, false, "bfd", TruncationMode.KEEP_START, false, null, "text", null, null,
                Runtime.getRuntime().availableProcessors(), DEFAULT_SHARD_TOKENS, Clock.systemDefaultZone());
    }

    /** The data settings of a job spec (TRL defaults already filled by the parser). */
    public static PrepareOptions fromSpec(JobSpec spec) {
        String templatePath = spec.getString("chat_template_path");
        return new PrepareOptions(
                spec.getInt("max_length"),
                Boolean.TRUE.equals(spec.getBoolean("packing")),
                spec.getString("packing_strategy"),
                TruncationMode.parse(spec.getString("truncation_mode")),
                Boolean.TRUE.equals(spec.getBoolean("assistant_only_loss")),
                spec.getBoolean("completion_only_loss"),
                spec.getString("dataset_text_field"),
                spec.getString("eos_token"),
                templatePath == null ? null : Path.of(templatePath),
                Runtime.getRuntime().availableProcessors(),
                DEFAULT_SHARD_TOKENS,
                Clock.systemDefaultZone());
    }

    public PrepareOptions withThreads(int threads) {
        return new PrepareOptions(maxLength, packing, packingStrategy, truncationMode, assistantOnlyLoss, completionOnlyLoss,
                datasetTextField, eosToken, chatTemplatePath, threads, shardTokens, clock);
    }

    public PrepareOptions withShardTokens(long shardTokens) {
        return new PrepareOptions(maxLength, packing, packingStrategy, truncationMode, assistantOnlyLoss, completionOnlyLoss,
                datasetTextField, eosToken, chatTemplatePath, threads, shardTokens, clock);
    }

    public PrepareOptions withClock(Clock clock) {
        return new PrepareOptions(maxLength, packing, packingStrategy, truncationMode, assistantOnlyLoss, completionOnlyLoss,
                datasetTextField, eosToken, chatTemplatePath, threads, shardTokens, clock);
    }

    /** The {@code packing} value written into shard metadata: the strategy, or {@code none}. */
    public String packingLabel() {
        return packing ? packingStrategy : "none";
    }

    SequencePacker packer() {
        if (!packing) {
            return new UnpackedRows(maxLength, truncationMode);
        }
        return switch (packingStrategy) {
            case "wrapped" -> new WrappedPacker(maxLength);
            case "bfd_split" -> new BestFitDecreasingPacker(maxLength, true);
            default -> new BestFitDecreasingPacker(maxLength, false);
        };
    }
}
