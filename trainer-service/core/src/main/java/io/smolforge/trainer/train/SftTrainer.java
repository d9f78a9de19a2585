package io.smolforge.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.safetensors.SafetensorsReader;
import io.smolforge.api.safetensors.SafetensorsWriter;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.trainer.data.BatchCollator;
import io.smolforge.trainer.data.BatchOrder;
import io.smolforge.trainer.data.TokenizedExample;
import io.smolforge.trainer.data.TrainingData;
import io.smolforge.trainer.lora.LoraAdapter;
import io.smolforge.trainer.lora.LoraConfig;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.GradMode;
import io.smolforge.trainer.model.ModelBatch;
import io.smolforge.trainer.model.ModelExport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supervised fine-tuning, LoRA or full, the way TRL's {@code SFTTrainer(...).train()} does it:
 *
 * <pre>{@code
 * try (SftTrainer trainer = SftTrainer.builder()
 *         .model(Path.of("models/SmolLM3-3B-Base"))
 *         .trainDataset(Path.of("tokens/"))
 *         .config(JobSpecParser.parse(Path.of("sft.yaml")))
 *         .outputDir(Path.of("out"))
 *         .build()) {
 *     trainer.train();
 * }
 * }</pre>
 *
 * One optimizer step = {@code gradient_accumulation_steps} micro-batches of {@code per_device_train_batch_size}
 * examples (packed padding-free into rows of up to {@code max_length} tokens: same loss, little padding); each micro-batch's summed token loss is divided by the label-token count of the whole step
 * (transformers' num_items_in_batch), so accumulation gives the same gradient as one big batch.
 */
public final class SftTrainer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String LOG_FILE = "training_log.jsonl";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String MERGED_DIR = "merged";

    private final CausalLanguageModel model;
    private final Path modelDir;
    private final String baseModelName;
    private final List<TokenizedExample> examples;
    private final TrainingArguments args;
    private final LoraAdapter adapter;
    private final Map<String, NDArray> parameters;
    private final AdamW optimizer;
    private final Path outputDir;
    private final TrainingCallback callback;
    private final BatchCollator collator;
    private final ActivationBudget activationBudget;
    private final PassRunner passRunner;
    private final BatchOrder order;
    private final int[] lengths;
    private final int batchesPerEpoch;
    private final int stepsPerEpoch;
    private final int totalSteps;
    private final LearningRateSchedule schedule;
    private final List<Double> stepLosses = new ArrayList<>();
    private int globalStep;
    private double elapsedBefore;
    private long tokensSeen;

    private SftTrainer(Builder b) throws IOException {
        this.modelDir = b.modelDir;
        this.baseModelName = b.baseModelName != null ? b.baseModelName : b.modelDir.toString();
        this.args = b.args;
        this.outputDir = b.outputDir;
        this.callback = b.callback != null ? b.callback : new TrainingCallback() { };
        this.examples = TrainingData.truncate(b.examples, args.maxLength());
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the training dataset is empty");
        }
        Device device = b.device != null ? b.device : Engine.getInstance().defaultDevice();
        this.model = CausalLanguageModel.load(modelDir, device);
        try {
            TrainerState resumed = b.resumeFrom != null ? TrainerState.read(b.resumeFrom) : null;
            Path adapterSource = resumed != null ? b.resumeFrom : b.initAdapter;
            if (args.usesLora()) {
                adapter = adapterSource != null ? LoraAdapter.load(model, adapterSource)
                        : LoraAdapter.attachNew(model, args.lora(), args.seed());
                parameters = adapter.parameters();
            } else {
                adapter = null;
                parameters = ModelExport.namedWeights(model);
                if (resumed != null) {
                    loadFullWeights(b.resumeFrom);
                }
                parameters.values().forEach(p -> p.setRequiresGradient(true));
            }
            this.optimizer = new AdamW(parameters, noDecayNames(parameters.keySet()), args.adamBeta1(), args.adamBeta2(),
                    args.adamEpsilon(), args.weightDecay());
            long pad = model.config().padTokenId() != null ? model.config().padTokenId() : 0;
            this.collator = new BatchCollator(pad);
            this.order = new BatchOrder(args.trainSamplingStrategy(), args.perDeviceTrainBatchSize(), args.seed());
            this.lengths = examples.stream().mapToInt(TokenizedExample::length).toArray();
            this.batchesPerEpoch = BatchOrder.batchesPerEpoch(examples.size(), args.perDeviceTrainBatchSize());
            this.stepsPerEpoch = (batchesPerEpoch + args.gradientAccumulationSteps() - 1) / args.gradientAccumulationSteps();
            this.totalSteps = args.maxSteps() > 0 ? args.maxSteps() : (int) Math.ceil(args.numTrainEpochs() * stepsPerEpoch);
            this.schedule = new LearningRateSchedule(args.lrSchedulerType(), args.learningRate(),
                    LearningRateSchedule.warmupSteps(args.warmupSteps(), totalSteps), totalSteps);
            if (resumed != null) {
                optimizer.restore(readTensors(b.resumeFrom.resolve(OPTIMIZER_FILE)), resumed.globalStep());
                globalStep = resumed.globalStep();
                elapsedBefore = resumed.elapsedSeconds();
                tokensSeen = resumed.tokensSeen();
            }
            this.passRunner = PassRunner.create(model, parameters, args.usesLora(), b.concurrentPasses);
            this.activationBudget = new ActivationBudget(model, b.activationMemoryBytes, args.gradientCheckpointing(),
                    passRunner.workers(), device.isGpu() ? Integer.MAX_VALUE : ActivationBudget.CPU_PASS_TOKENS);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** transformers gives no weight decay to biases and normalisation weights. */
    private static Set<String> noDecayNames(Set<String> names) {
        Set<String> noDecay = new HashSet<>();
        for (String name : names) {
            if (name.endsWith(".bias") || name.contains("norm")) {
                noDecay.add(name);
            }
        }
        return noDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs from the current step to the last and writes the outputs; returns the per-step losses of this run.
     * May be called on any thread: its own work (optimizer updates in place, export) runs with grad mode off,
     * which libtorch only sets by default on the thread that started DJL's engine.
     */
    public List<Double> train() throws IOException {
        try (GradMode off = GradMode.off()) {
            return trainSteps();
        }
    }

    private List<Double> trainSteps() throws IOException {
        if (outputDir != null) {
            Files.createDirectories(outputDir);
        }
        long started = System.nanoTime();
        double loggedLoss = 0;
        int loggedSteps = 0;
        long loggedTokens = 0;
        long lastLogTime = started;
        double lastGradNorm = 0;
        while (globalStep < totalSteps) {
            if (callback.shouldStop()) {
                saveCheckpoint(started);
                return stepLosses;
            }
            int stepIndex = globalStep;
            List<ModelBatch> microBatches = microBatchesOf(stepIndex);
            int labelTokens = microBatches.stream().mapToInt(ModelBatch::countLabelTokens).sum();
            long stepTokens = 0;
            List<PassRunner.Work> work = new ArrayList<>();
            for (int micro = 0; micro < microBatches.size(); micro++) {
                ModelBatch batch = microBatches.get(micro);
                stepTokens += batch.countRealTokens();
                List<ActivationBudget.Pass> passes = activationBudget.passes(batch);
                for (int pass = 0; pass < passes.size(); pass++) {
                    // each pass's loss sum is divided by the label tokens of the whole step; the dropout masks are
                    // a function of the step, so a resumed run draws those of the uninterrupted one
                    work.add(new PassRunner.Work(passes.get(pass).batch(), passes.get(pass).recomputeLayers(),
                            java.util.Objects.hash(args.seed(), stepIndex, micro, pass)));
                }
            }
            double stepLoss;
            try (PassRunner.Result result = passRunner.run(work, labelTokens)) {
                stepLoss = result.loss();
                lastGradNorm = GradientClipping.clip(result.gradients().values(), args.maxGradNorm());
                optimizer.step(schedule.learningRate(stepIndex), result.gradients());
            }
            globalStep++;
            tokensSeen += stepTokens;
            stepLosses.add(stepLoss);

            double now = (System.nanoTime() - started) / 1e9;
            double epoch = epochAt(globalStep);
            double loggedRate = schedule.learningRate(globalStep);
            callback.onStep(new TrainingCallback.StepResult(globalStep, totalSteps, epoch, stepLoss, loggedRate,
                    lastGradNorm, stepTokens, now));
            loggedLoss += stepLoss;
            loggedSteps++;
            loggedTokens += stepTokens;
            if (globalStep % loggingInterval() == 0 || globalStep == totalSteps) {
                long time = System.nanoTime();
                TrainingLogEntry entry = new TrainingLogEntry(globalStep, epoch, loggedLoss / loggedSteps, loggedRate,
                        lastGradNorm, loggedTokens / Math.max(1e-9, (time - lastLogTime) / 1e9), elapsedBefore + now);
                writeLog(entry);
                callback.onLog(entry);
                loggedLoss = 0;
                loggedSteps = 0;
                loggedTokens = 0;
                lastLogTime = time;
            }
            if (args.saveSteps() > 0 && globalStep % args.saveSteps() == 0 && globalStep < totalSteps) {
                saveCheckpoint(started);
            }
        }
        saveOutputs();
        return stepLosses;
    }

    private List<ModelBatch> microBatchesOf(int stepIndex) {
        int epoch = stepIndex / stepsPerEpoch;
        int stepInEpoch = stepIndex % stepsPerEpoch;
        List<List<Integer>> batches = order.batches(lengths, epoch);
        int from = stepInEpoch * args.gradientAccumulationSteps();
        int to = Math.min(batches.size(), from + args.gradientAccumulationSteps());
        List<ModelBatch> micro = new ArrayList<>();
        for (List<Integer> indices : batches.subList(from, to)) {
            List<TokenizedExample> chosen = indices.stream().map(examples::get).toList();
            micro.add(args.maxLength() != null ? collator.collatePacked(chosen, args.maxLength()) : collator.collate(chosen));
        }
        return micro;
    }

    private double epochAt(int step) {
        return (double) step / stepsPerEpoch;
    }

    private int loggingInterval() {
        double steps = args.loggingSteps();
        return Math.max(1, steps < 1 ? (int) Math.ceil(steps * totalSteps) : (int) steps);
    }

    private void writeLog(TrainingLogEntry entry) throws IOException {
        if (outputDir == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", entry.step());
        line.put("epoch", entry.epoch());
        line.put("loss", entry.loss());
        line.put("learning_rate", entry.learningRate());
        line.put("grad_norm", entry.gradNorm());
        line.put("tokens_per_second", entry.tokensPerSecond());
        line.put("elapsed_seconds", entry.elapsedSeconds());
        try (BufferedWriter writer = Files.newBufferedWriter(outputDir.resolve(LOG_FILE), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write(JSON.writeValueAsString(line));
            writer.newLine();
        }
    }

    /** Writes a resumable checkpoint to {@code output_dir/checkpoint-STEP} and tells the callback. */
    public Path saveCheckpoint(long startedNanos) throws IOException {
        if (outputDir == null) {
            return null;
        }
        Path dir = outputDir.resolve("checkpoint-" + globalStep);
        Files.createDirectories(dir);
        saveWeights(dir);
        SafetensorsWriter state = new SafetensorsWriter().metadata("step", Long.toString(optimizer.stepCount()));
        optimizer.state().forEach((name, values) -> state.putFloats(name, values, values.length));
        state.write(dir.resolve(OPTIMIZER_FILE));
        double elapsed = elapsedBefore + (System.nanoTime() - startedNanos) / 1e9;
        new TrainerState(globalStep, totalSteps, epochAt(globalStep), args.seed(), elapsed, tokensSeen, args.usesLora()).write(dir);
        callback.onCheckpoint(globalStep, dir);
        return dir;
    }

    private void saveWeights(Path dir) throws IOException {
        if (adapter != null) {
            adapter.save(dir, baseModelName);
        } else {
            ModelExport.save(model, Map.of(), modelDir, dir);
        }
    }

    private void saveOutputs() throws IOException {
        if (outputDir == null) {
            return;
        }
        saveWeights(outputDir);
        ModelExport.copyCarriedFiles(modelDir, outputDir);
        if (adapter != null && args.mergeAdapter()) {
            ModelExport.save(model, adapter.mergedWeights(), modelDir, outputDir.resolve(MERGED_DIR));
        }
    }

    private void loadFullWeights(Path checkpoint) throws IOException {
        Map<String, float[]> weights = readTensors(checkpoint.resolve("model.safetensors"));
        parameters.forEach((name, array) -> {
            float[] values = weights.get(name);
            if (values == null) {
                throw new IllegalArgumentException(checkpoint + ": checkpoint has no weight '" + name + "'");
            }
            array.set(values);
        });
    }

    private static Map<String, float[]> readTensors(Path file) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (String name : reader.names()) {
                tensors.put(name, reader.floats(name));
            }
        }
        return tensors;
    }

    public CausalLanguageModel model() {
        return model;
    }

    /** The LoRA adapter being trained; {@code null} for full fine-tuning. */
    public LoraAdapter adapter() {
        return adapter;
    }

    public int totalSteps() {
        return totalSteps;
    }

    public int globalStep() {
        return globalStep;
    }

    /** How many forward/backward passes run at once (see {@link Builder#concurrentPasses}). */
    public int concurrentPasses() {
        return passRunner.workers();
    }

    @Override
    public void close() {
        passRunner.close();
        model.close();
    }

    /** Fluent construction mirroring SFTTrainer's arguments. */
    public static final class Builder {
        private Path modelDir;
        private String baseModelName;
        private List<TokenizedExample> examples;
        private TrainingArguments args = TrainingArguments.defaults();
        private LoraConfig lora;
        private boolean loraGiven;
        private Path initAdapter;
        private Path outputDir;
        private Path resumeFrom;
        private TrainingCallback callback;
        private Device device;
        private long activationMemoryBytes = ActivationBudget.DEFAULT_BYTES;
        private Integer concurrentPasses;

        /** A Hugging Face model directory (config.json + safetensors). */
        public Builder model(Path dir) {
            this.modelDir = dir;
            return this;
        }

        public Builder trainDataset(List<TokenizedExample> dataset) {
            this.examples = List.copyOf(dataset);
            return this;
        }

        /** Pre-tokenized JSON lines or a prepare output folder of token shards. */
        public Builder trainDataset(Path input) throws IOException {
            return trainDataset(TrainingData.load(input));
        }

        public Builder args(TrainingArguments arguments) {
            this.args = arguments;
            return this;
        }

        /**
         * What {@code adapter_config.json} names as {@code base_model_name_or_path}, as PEFT records the name the
         * model was loaded by (a Hub id or a path); defaults to the config's {@code model_name_or_path}, else the
         * model directory.
         */
        public Builder baseModelName(String name) {
            this.baseModelName = name;
            return this;
        }

        /** A TRL sft config parsed by JobSpecParser (use_peft and lora_* included). */
        public Builder config(JobSpec spec) {
            if (baseModelName == null) {
                baseModelName = spec.getString("model_name_or_path");
            }
            activationMemory((long) spec.smolforge().activationMemoryMb() << 20);
            if (spec.smolforge().concurrentPasses() != null) {
                concurrentPasses(spec.smolforge().concurrentPasses());
            }
            return args(TrainingArguments.fromSpec(spec));
        }

        /** LoRA settings (PEFT's LoraConfig); overrides the config's; {@code null} means full fine-tuning. */
        public Builder lora(LoraConfig config) {
            this.lora = config;
            this.loraGiven = true;
            return this;
        }

        /** Starts from an existing PEFT adapter instead of a fresh one (its adapter_config.json wins). */
        public Builder initAdapter(Path adapterDir) {
            this.initAdapter = adapterDir;
            return this;
        }

        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        /** Continues from a checkpoint directory written by this trainer. */
        public Builder resumeFrom(Path checkpointDir) {
            this.resumeFrom = checkpointDir;
            return this;
        }

        public Builder callback(TrainingCallback trainingCallback) {
            this.callback = trainingCallback;
            return this;
        }

        /**
         * With {@code gradient_checkpointing} (TRL's default), the most activation memory the forward/backward
         * passes running at once may keep for backward (see {@link ActivationBudget}); default 1 GiB.
         */
        public Builder activationMemory(long bytes) {
            this.activationMemoryBytes = bytes;
            return this;
        }

        /**
         * How many forward/backward passes run at once (see {@link PassRunner}); by default two on a CPU when
         * training a LoRA adapter, else one.
         */
        public Builder concurrentPasses(int passes) {
            this.concurrentPasses = passes;
            return this;
        }

        /** Defaults to DJL's default device: the first GPU when the engine finds one, else the CPU. */
        public Builder device(Device target) {
            this.device = target;
            return this;
        }

        public SftTrainer build() throws IOException {
            if (modelDir == null || examples == null) {
                throw new IllegalStateException("model(...) and trainDataset(...) are required");
            }
            if (loraGiven) {
                args = args.withLora(lora);
            }
            if (initAdapter != null && !args.usesLora()) {
                args = args.withLora(LoraConfig.read(initAdapter));
            }
            return new SftTrainer(this);
        }
    }
}
