package io.smolforge.api.spec;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobSpecParserTest {

    @Test
    void emptySpecCarriesTrlDefaults() {
        JobSpec spec = JobSpecParser.parse("");

        assertThat(spec.getDouble("learning_rate")).isEqualTo(2e-5);
        assertThat(spec.getInt("max_length")).isEqualTo(1024);
        assertThat(spec.getString("packing_strategy")).isEqualTo("bfd");
        assertThat(spec.getBoolean("packing")).isFalse();
        assertThat(spec.getInt("lora_r")).isEqualTo(16);
        assertThat(spec.getInt("lora_alpha")).isEqualTo(32);
        assertThat(spec.getDouble("lora_dropout")).isEqualTo(0.05);
        assertThat(spec.getString("lr_scheduler_type")).isEqualTo("linear");
        assertThat(spec.getDouble("num_train_epochs")).isEqualTo(3.0);
        assertThat(spec.getInt("max_steps")).isEqualTo(-1);
        assertThat(spec.getInt("per_device_train_batch_size")).isEqualTo(8);
        assertThat(spec.getInt("gradient_accumulation_steps")).isEqualTo(1);
        assertThat(spec.getInt("seed")).isEqualTo(42);
        assertThat(spec.getBoolean("assistant_only_loss")).isFalse();
        assertThat(spec.getBoolean("gradient_checkpointing")).isTrue();
        assertThat(spec.getString("dataset_train_split")).isEqualTo("train");
        assertThat(spec.getString("dtype")).isEqualTo("float32");
        assertThat(spec.getInt("warmup_steps")).isZero();
        assertThat(spec.getString("model_name_or_path")).isNull();
        assertThat(spec.getStringList("lora_target_modules")).isNull();
        assertThat(spec.datasets()).isEmpty();
        assertThat(spec.isGiven("learning_rate")).isFalse();
        assertThat(spec.warnings()).isEmpty();
        assertThat(spec.smolforge()).isEqualTo(SmolForgeSettings.defaults());
        assertThat(spec.smolforge().device()).isEqualTo("auto");
        assertThat(spec.smolforge().datasetFormat()).isEqualTo("auto");
    }

    @Test
    void everyKeyOfTheTrlDumpHasItsDefault() {
        JobSpec spec = JobSpecParser.parse("{}");

        assertThat(spec.values()).hasSize(TrlArguments.standard().all().size());
        assertThat(TrlArguments.standard().versions()).containsEntry("trl", "1.13.0").containsEntry("transformers", "5.18.0");
        TrlArguments.standard().all().forEach(d -> assertThat(spec.get(d.name())).as(d.name()).isEqualTo(d.defaultValue()));
    }

    @Test
    void yamlAndJsonGiveTheSameSpec() {
        JobSpec fromYaml = JobSpecParser.parse("""
                model_name_or_path: HuggingFaceTB/SmolLM3-3B-Base
                learning_rate: 1.0e-4
                packing: true
                lora_target_modules: [q_proj, v_proj]
                smolforge:
                  job_name: demo
                """);
        JobSpec fromJson = JobSpecParser.parse("""
                {"model_name_or_path": "HuggingFaceTB/SmolLM3-3B-Base", "learning_rate": 0.0001, "packing": true,
                 "lora_target_modules": ["q_proj", "v_proj"], "smolforge": {"job_name": "demo"}}
                """);

        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(fromYaml.getDouble("learning_rate")).isEqualTo(1e-4);
        assertThat(fromYaml.getStringList("lora_target_modules")).containsExactly("q_proj", "v_proj");
        assertThat(fromYaml.isGiven("packing")).isTrue();
        assertThat(fromYaml.smolforge().jobName()).isEqualTo("demo");
    }

    @Test
    void toleratesAByteOrderMark() {
        assertThat(JobSpecParser.parse("\uFEFF{\"lora_r\": 4}").getInt("lora_r")).isEqualTo(4);
        assertThat(JobSpecParser.parse("\uFEFFlora_r: 4\n").getInt("lora_r")).isEqualTo(4);
    }

    @Test
    void acceptsNumbersAndBooleansWrittenAsTextLikeTrl() {
        JobSpec spec = JobSpecParser.parse("""
                learning_rate: 2e-4
                weight_decay: "0.01"
                per_device_train_batch_size: "4"
                packing: "yes"
                lora_target_modules: all-linear
                """);

        assertThat(spec.getDouble("learning_rate")).isEqualTo(2e-4);
        assertThat(spec.getDouble("weight_decay")).isEqualTo(0.01);
        assertThat(spec.getInt("per_device_train_batch_size")).isEqualTo(4);
        assertThat(spec.getBoolean("packing")).isTrue();
        assertThat(spec.getStringList("lora_target_modules")).containsExactly("all-linear");
    }

    @Test
    void unknownKeyIsNamedWithTheClosestKnownKeyAndItsLine() {
        InvalidJobSpecException e = rejected("""
                model_name_or_path: tiny
                learning_rat: 1.0e-4
                """);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("learning_rat");
            assertThat(p.message()).contains("unknown key").contains("did you mean 'learning_rate'?");
            assertThat(p.line()).isEqualTo(2);
        });
        assertThat(e.getMessage()).contains("line 2: learning_rat: unknown key");
    }

    @Test
    void unknownKeyFarFromEveryKnownKeyGetsNoSuggestion() {
        InvalidJobSpecException e = rejected("frobnicate_the_widgets: 3\n");

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("unknown key"));
    }

    @Test
    void wrongTypesNameTheKeyAndWhatWasExpected() {
        InvalidJobSpecException e = rejected("""
                learning_rate: fast
                lora_r: 8.5
                packing: maybe
                lora_target_modules: {q: v}
                max_length: [1]
                seed: null
                """);

        assertThat(messagesByKey(e))
                .containsEntry("learning_rate", "expected a number, got the string \"fast\"")
                .containsEntry("lora_r", "expected an integer, got 8.5")
                .containsEntry("packing", "expected true or false, got the string \"maybe\"")
                .containsEntry("lora_target_modules", "expected a list of strings or null, got a mapping")
                .containsEntry("max_length", "expected an integer or null, got a list")
                .containsEntry("seed", "must not be null; expected an integer");
    }

    @Test
    void impossibleValuesAreAllReportedWithTheReason() {
        InvalidJobSpecException e = rejected("""
                learning_rate: -1.0e-4
                lora_r: 0
                lora_dropout: 1.0
                max_length: 0
                per_device_train_batch_size: 0
                warmup_steps: 1.5
                lr_scheduler_type: cosin
                packing_strategy: first_fit
                optim: adam
                smolforge:
                  device: gpu
                  checkpoint_steps: -5
                """);

        Map<String, String> messages = messagesByKey(e);
        assertThat(messages).hasSize(11);
        assertThat(messages.get("learning_rate")).isEqualTo("must be ≥ 0, got -1.0E-4");
        assertThat(messages.get("lora_r")).isEqualTo("must be > 0, got 0");
        assertThat(messages.get("lora_dropout")).isEqualTo("must be in [0, 1), got 1.0");
        assertThat(messages.get("max_length")).isEqualTo("must be > 0, got 0");
        assertThat(messages.get("per_device_train_batch_size")).startsWith("must be > 0");
        assertThat(messages.get("warmup_steps")).contains("whole number").contains("fraction in [0, 1)");
        assertThat(messages.get("lr_scheduler_type")).contains("must be one of linear, cosine,").contains("did you mean 'cosine'?");
        assertThat(messages.get("packing_strategy")).isEqualTo("must be one of bfd, bfd_split, wrapped (got 'first_fit')");
        assertThat(messages.get("optim")).contains("adamw_torch_fused");
        assertThat(messages.get("smolforge.device")).contains("must be one of auto, cpu, cuda").contains("'gpu'");
        assertThat(messages.get("smolforge.checkpoint_steps")).startsWith("must be > 0");
        assertThat(e.problems()).extracting(SpecProblem::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12);
    }

    @Test
    void deprecatedKeysAreMappedToTheirNewNameWithAWarning() {
        JobSpec spec = JobSpecParser.parse("""
                warmup_ratio: 0.1
                max_seq_length: 512
                """);

        assertThat(spec.getDouble("warmup_steps")).isEqualTo(0.1);
        assertThat(spec.getInt("max_length")).isEqualTo(512);
        assertThat(spec.isGiven("max_length")).isTrue();
        assertThat(spec.warnings()).hasSize(2);
        assertThat(spec.warnings().get(0)).startsWith("warmup_ratio is deprecated").contains("warmup_steps");
        assertThat(spec.warnings().get(1)).startsWith("max_seq_length is deprecated").contains("use max_length");
    }

    @Test
    void deprecatedKeyIsCheckedLikeItsReplacement() {
        InvalidJobSpecException e = rejected("warmup_ratio: 1.5\nmax_seq_length: -3\n");

        assertThat(messagesByKey(e)).containsOnlyKeys("warmup_ratio", "max_seq_length");
    }

    @Test
    void deprecatedKeyTogetherWithItsReplacementIsAmbiguous() {
        InvalidJobSpecException e = rejected("warmup_ratio: 0.1\nwarmup_steps: 10\n");

        assertThat(messagesByKey(e)).containsOnlyKeys("warmup_ratio");
        assertThat(e.problems().get(0).message()).contains("give only one of warmup_ratio and warmup_steps");
    }

    @Test
    void deprecatedValueIsRenamedWithAWarning() {
        JobSpec spec = JobSpecParser.parse("packing_strategy: bfd-requeue\n");

        assertThat(spec.getString("packing_strategy")).isEqualTo("bfd_split");
        assertThat(spec.warnings()).singleElement().asString().contains("'bfd-requeue' is deprecated; use 'bfd_split'");
    }

    @Test
    void smolforgeSectionIsTyped() {
        JobSpec spec = JobSpecParser.parse("""
                model_name_or_path: tiny
                smolforge:
                  job_name: gsm8k-tiny-lora
                  dataset_path: examples/gsm8k.jsonl
                  dataset_format: gsm8k
                  dataset_mapping: {user: question, assistant: answer}
                  system_prompt: "You are a math tutor. /no_think"
                  remove_calculator_annotations: true
                  merge_adapter: true
                  checkpoint_steps: 50
                  device: cpu
                  activation_memory_mb: 256
                  concurrent_passes: 3
                """);

        assertThat(spec.smolforge()).isEqualTo(new SmolForgeSettings("gsm8k-tiny-lora", "examples/gsm8k.jsonl", "gsm8k",
                Map.of("user", "question", "assistant", "answer"), "You are a math tutor. /no_think", true, true, 50, "cpu",
                256, 3));
    }

    @Test
    void smolforgeSectionRejectsUnknownAndBadSettings() {
        InvalidJobSpecException e = rejected("""
                smolforge:
                  job_nam: x
                  merge_adapter: 3
                  job_name: "has spaces"
                  activation_memory_mb: 0
                  concurrent_passes: 0
                """);

        Map<String, String> messages = messagesByKey(e);
        assertThat(messages.get("smolforge.job_nam")).contains("did you mean 'job_name'?");
        assertThat(messages.get("smolforge.merge_adapter")).isEqualTo("expected true or false, got a number 3");
        assertThat(messages.get("smolforge.job_name")).contains("letters, digits");
        assertThat(messages.get("smolforge.activation_memory_mb")).isEqualTo("must be > 0, got 0");
        assertThat(messages.get("smolforge.concurrent_passes")).isEqualTo("must be >= 1, got 0");
        assertThat(e.problems()).extracting(SpecProblem::line).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void datasetMixtureEntriesAreCheckedAndFilled() {
        JobSpec spec = JobSpecParser.parse("""
                datasets:
                  - path: openai/gsm8k
                    name: main
                    fraction: 0.7
                  - path: HuggingFaceTB/smoltalk2
                    split: train[:1000]
                    fraction: 0.3
                """);

        assertThat(spec.datasets()).hasSize(2);
        assertThat(spec.datasets().get(0)).containsEntry("path", "openai/gsm8k").containsEntry("name", "main")
                .containsEntry("split", "train").containsEntry("fraction", 0.7).containsEntry("columns", null);
        assertThat(spec.datasets().get(1)).containsEntry("split", "train[:1000]");

        InvalidJobSpecException e = rejected("""
                datasets:
                  - pth: openai/gsm8k
                    fraction: 0.5
                  - path: b
                """);
        Map<String, String> messages = messagesByKey(e);
        assertThat(messages.get("datasets[0]")).contains("missing path");
        assertThat(messages.get("datasets[0].pth")).contains("did you mean 'path'?");
        assertThat(messages.get("datasets")).contains("fraction must be set for every dataset");
        assertThat(e.problems()).filteredOn(p -> p.key().equals("datasets[0].pth")).extracting(SpecProblem::line).containsExactly(2);
    }

    @Test
    void conflictingPrecisionsAreRejected() {
        assertThat(messagesByKey(rejected("fp16: true\nbf16: true\n"))).containsOnlyKeys("bf16");
    }

    @Test
    void hubTokenIsRefusedBecauseSpecsAreStored() {
        assertThat(messagesByKey(rejected("hub_token: hf_secret\n")).get("hub_token")).contains("hub-publisher");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysPointAtTheLine() {
        InvalidJobSpecException yaml = rejected("learning_rate: 1\n  lora_r: [\n");
        assertThat(yaml.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.line()).isNotNull();
        });

        InvalidJobSpecException duplicate = rejected("lora_r: 8\nlora_alpha: 16\nlora_r: 4\n");
        assertThat(duplicate.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("Duplicate field 'lora_r'");
            assertThat(p.line()).isEqualTo(3);
        });

        InvalidJobSpecException json = rejected("{\"lora_r\": 8,}");
        assertThat(json.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("not valid JSON"));

        assertThat(rejected("- a\n- b\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be a mapping"));
    }

    @Test
    void toJsonReadsBackToAnEqualSpec() {
        JobSpec spec = JobSpecParser.parse("""
                learning_rate: 0.001
                warmup_ratio: 0.05
                lora_target_modules: all-linear
                include_num_input_tokens_seen: true
                datasets: [{path: openai/gsm8k}]
                smolforge: {job_name: round-trip, checkpoint_steps: 10}
                """);

        JobSpec again = JobSpecParser.parse(spec.toJson());

        assertThat(again).isEqualTo(spec);
        assertThat(again.values()).isEqualTo(spec.values());
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void theLoraStepParityReferenceConfigParses() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/golden/spec/lora_step_parity_sft.yaml").toURI());

        JobSpec spec = JobSpecParser.parse(file);

        assertThat(spec.getInt("max_steps")).isEqualTo(3);
        assertThat(spec.getDouble("learning_rate")).isEqualTo(0.001);
        assertThat(spec.getString("lr_scheduler_type")).isEqualTo("constant");
        assertThat(spec.getDouble("adam_epsilon")).isEqualTo(1e-8);
        assertThat(spec.getDouble("max_grad_norm")).isZero();
        assertThat(spec.getString("train_sampling_strategy")).isEqualTo("sequential");
        assertThat(spec.getBoolean("use_peft")).isTrue();
        assertThat(spec.getInt("lora_r")).isEqualTo(8);
        assertThat(spec.getInt("lora_alpha")).isEqualTo(16);
        assertThat(spec.getDouble("lora_dropout")).isZero();
        assertThat(spec.getStringList("lora_target_modules")).containsExactly("q_proj", "k_proj", "v_proj", "o_proj");
        assertThat(spec.getInt("seed")).isEqualTo(5);
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void gettersRefuseUnknownKeysAndWrongKinds() {
        JobSpec spec = JobSpecParser.parse("learning_rate: 0.5\n");

        assertThatThrownBy(() -> spec.get("learning_rat")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 'learning_rate'");
        assertThatThrownBy(() -> spec.getInt("learning_rate")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("learning_rate is 0.5");
    }

    private static InvalidJobSpecException rejected(String text) {
        InvalidJobSpecException e = catchThrowableOfType(InvalidJobSpecException.class, () -> JobSpecParser.parse(text, "test.yaml"));
        assertThat(e).as("spec should be rejected:\n" + text).isNotNull();
        assertThat(e.getMessage()).startsWith("Invalid job spec test.yaml");
        return e;
    }

    private static Map<String, String> messagesByKey(InvalidJobSpecException e) {
        Map<String, String> byKey = new java.util.LinkedHashMap<>();
        e.problems().forEach(p -> byKey.put(p.key(), p.message()));
        return byKey;
    }
}
