package io.smolforge.trainer.service;

import ai.djl.Device;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.ModelTrained;
import io.smolforge.api.events.Stage;
import io.smolforge.api.events.TokensReady;
import io.smolforge.api.events.Topics;
import io.smolforge.api.events.TrainingProgress;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.runtime.ScratchDirectory;
import io.smolforge.runtime.EventPublisher;
import io.smolforge.runtime.ModelCache;
import io.smolforge.runtime.StatusReporter;
import io.smolforge.trainer.report.LossCurveChart;
import io.smolforge.trainer.train.SftTrainer;
import io.smolforge.trainer.train.TrainingCallback;
import io.smolforge.trainer.train.TrainingLogEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The training stage of one job: fetch the base model and token shards, resume from the newest complete
 * checkpoint if an earlier pod got that far, train with progress on {@link Topics#TRAINING_PROGRESS} and
 * checkpoints uploaded as they are written, then upload the outputs and announce {@link ModelTrained}.
 * The event is also stored ({@code training-result.json}, written last), so a redelivered event re-announces.
 */
@ApplicationScoped
public class TrainingRun {
    private static final Logger LOG = Logger.getLogger(TrainingRun.class);

    private final ObjectStore store;
    private final ModelCache models;
    private final EventPublisher events;
    private final StatusReporter status;
    private final CheckpointStore checkpoints;

    public TrainingRun(ObjectStore store, ModelCache models, EventPublisher events, StatusReporter status) {
        this.store = store;
        this.models = models;
        this.events = events;
        this.status = status;
        this.checkpoints = new CheckpointStore(store);
    }

    public void train(TokensReady tokens) throws IOException {
        String jobId = tokens.jobId();
        String resultKey = ObjectKeys.trainingResult(jobId);
        if (store.exists(resultKey)) {
            LOG.infof("job %s: already trained, announcing it again", jobId);
            announce(EventJson.read(store.getBytes(resultKey), ModelTrained.class));
            return;
        }
        JobSpec spec = JobSpecParser.parse(new String(store.getBytes(ObjectKeys.spec(jobId)), StandardCharsets.UTF_8),
                ObjectKeys.spec(jobId));
        Path model = models.fetch(spec.getString("model_name_or_path"), spec.getString("model_revision"),
                name -> true);
        try (ScratchDirectory scratch = ScratchDirectory.create("smolforge-train-" + jobId)) {
            Path work = scratch.path();
            Path shards = work.resolve("tokens");
            for (String key : tokens.shardKeys()) {
                store.getFile(key, shards.resolve(ObjectKeys.fileName(key)));
            }
            Optional<Path> resume = checkpoints.downloadLatest(jobId, work.resolve("resume"));
            Path out = work.resolve("output");
            ProgressCallback callback = new ProgressCallback(jobId);
            SftTrainer.Builder builder = SftTrainer.builder().model(model).trainDataset(shards).config(spec)
                    .outputDir(out).callback(callback).device(device(spec.smolforge().device()));
            resume.ifPresent(dir -> {
                LOG.infof("job %s: resuming from checkpoint %s", jobId, dir.getFileName());
                builder.resumeFrom(dir);
            });
            List<Double> losses;
            int steps;
            int total;
            try (SftTrainer trainer = builder.build()) {
                losses = trainer.train();
                steps = trainer.globalStep();
                total = trainer.totalSteps();
            }
            if (steps < total) {
                LOG.infof("job %s: training stopped at step %d of %d (job ended)", jobId, steps, total);
                return;
            }
            ModelTrained trained = ModelTrained.of(jobId, ObjectKeys.outputPrefix(jobId), uploadOutputs(jobId, out),
                    steps, losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1));
            store.putBytes(resultKey, EventJson.write(trained).getBytes(StandardCharsets.UTF_8), "application/json");
            announce(trained);
        }
    }

    private void announce(ModelTrained trained) {
        // Status first: once the event is out, the next stage may already be reporting its own progress.
        status.advance(trained.jobId(), Stage.TRAINING, String.format("trained %d steps, final loss %.4f",
                trained.steps(), trained.finalLoss()), Map.of("output", trained.outputPrefix()));
        events.publish(Topics.MODELS_TRAINED, trained);
    }

    /** Final outputs only: adapter or weights, tokenizer files, log, loss curve; checkpoints are already up. */
    private List<String> uploadOutputs(String jobId, Path out) throws IOException {
        Path log = out.resolve(SftTrainer.LOG_FILE);
        if (Files.exists(log)) {
            LossCurveChart.write(log, out.resolve(LossCurveChart.FILE));
        }
        String prefix = ObjectKeys.outputPrefix(jobId);
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = out.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("checkpoint-")) {
                    continue;
                }
                store.putFile(prefix + relative, file);
                keys.add(prefix + relative);
            }
        }
        return keys;
    }

    private static Device device(String setting) {
        return switch (setting == null ? "auto" : setting) {
            case "cpu" -> Device.cpu();
            case "cuda" -> Device.gpu();
            default -> null; // the engine's default: CUDA when DJL finds it
        };
    }


    /** Publishes progress, uploads checkpoints, and stops training when the job was cancelled. */
    private final class ProgressCallback implements TrainingCallback {
        private final String jobId;
        private int totalSteps;
        private int firstStep = -1;
        private double firstStepSeconds;

        ProgressCallback(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public void onStep(StepResult step) {
            totalSteps = step.totalSteps();
            if (firstStep < 0) {
                firstStep = step.step();
                firstStepSeconds = step.seconds();
            }
        }

        @Override
        public void onLog(TrainingLogEntry entry) {
            events.publish(Topics.TRAINING_PROGRESS, TrainingProgress.of(jobId, entry.step(), totalSteps,
                    entry.epoch(), entry.loss(), entry.learningRate(), entry.gradNorm(), entry.tokensPerSecond(),
                    entry.elapsedSeconds(), etaSeconds(entry)));
        }

        /** Remaining steps at the pace of this run so far (a resumed run's earlier pace may differ). */
        private double etaSeconds(TrainingLogEntry entry) {
            int done = entry.step() - firstStep;
            if (done <= 0) {
                return Double.NaN;
            }
            double secondsPerStep = (entry.elapsedSeconds() - firstStepSeconds) / done;
            return Math.max(0, secondsPerStep * (totalSteps - entry.step()));
        }

        @Override
        public void onCheckpoint(int step, Path checkpointDir) {
            checkpoints.upload(jobId, step, checkpointDir);
        }

        @Override
        public boolean shouldStop() {
            return status.hasEnded(jobId);
        }
    }
}
