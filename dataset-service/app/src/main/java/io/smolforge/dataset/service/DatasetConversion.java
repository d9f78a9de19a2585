package io.smolforge.dataset.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.events.DatasetReady;
import io.smolforge.api.events.JobRequested;
import io.smolforge.api.events.Stage;
import io.smolforge.api.events.Topics;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.dataset.ColumnMapping;
import io.smolforge.dataset.ConversionFailedException;
import io.smolforge.dataset.ConversionOptions;
import io.smolforge.dataset.ConversionStats;
import io.smolforge.dataset.DatasetConverter;
import io.smolforge.dataset.DatasetFormat;
import io.smolforge.dataset.DatasetSource;
import io.smolforge.dataset.PartDirectoryOutput;
import io.smolforge.runtime.ScratchDirectory;
import io.smolforge.runtime.EventPublisher;
import io.smolforge.runtime.StatusReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The dataset stage of one job: locate the data, convert it to {@code messages} rows in a scratch folder,
 * upload parts, report and stats, then announce {@link DatasetReady}. {@code stats.json} is uploaded last and
 * marks the output complete: a redelivered job finds it and re-announces instead of converting again.
 */
@ApplicationScoped
public class DatasetConversion {
    private static final Logger LOG = Logger.getLogger(DatasetConversion.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final EventPublisher events;
    private final StatusReporter status;
    private final DatasetLocator locator;

    public DatasetConversion(ObjectStore store, EventPublisher events, StatusReporter status) {
        this.store = store;
        this.events = events;
        this.status = status;
        this.locator = new DatasetLocator(store);
    }

    public void convert(JobRequested job) throws IOException, ConversionFailedException {
        String jobId = job.jobId();
        DatasetReady ready = store.exists(ObjectKeys.messagesStats(jobId)) ? alreadyConverted(jobId) : null;
        if (ready == null) {
            ready = convertNow(job);
        } else {
            LOG.infof("job %s: dataset already converted, announcing it again", jobId);
        }
        // Status first: once the event is out, the next stage may already be reporting its own progress.
        status.advance(jobId, Stage.PREPARING_DATA, "converted " + ready.rowsOut() + " rows, rejected "
                + ready.rowsRejected(), Map.of("messages", ObjectKeys.messagesPrefix(jobId)));
        events.publish(Topics.DATASETS_READY, ready);
    }

    private DatasetReady convertNow(JobRequested job) throws IOException, ConversionFailedException {
        String jobId = job.jobId();
        JobSpec spec = JobSpecParser.parse(new String(store.getBytes(job.specKey()), StandardCharsets.UTF_8),
                job.specKey());
        try (ScratchDirectory scratch = ScratchDirectory.create("smolforge-dataset-" + jobId)) {
            Path work = scratch.path();
            List<DatasetSource> sources = new ArrayList<>();
            for (DatasetLocator.Input input : locator.locate(job, spec)) {
                Path file = DatasetLocator.download(store, input.key(), work.resolve("in"));
                sources.add(source(file, input, spec));
            }
            Path out = work.resolve("out");
            ConversionStats stats;
            try {
                stats = new DatasetConverter(options(spec, work)).convert(sources, new PartDirectoryOutput(out));
            } catch (ConversionFailedException e) {
                // The rejection report and stats explain the failure: keep them next to the job.
                uploadIfPresent(out.resolve(PartDirectoryOutput.REJECTED), ObjectKeys.rejected(jobId));
                throw e;
            }
            return upload(jobId, out, stats);
        }
    }

    private DatasetReady upload(String jobId, Path out, ConversionStats stats) throws IOException {
        String prefix = ObjectKeys.messagesPrefix(jobId);
        // Parts of an earlier, interrupted attempt may be more than this attempt writes.
        store.list(prefix).forEach(store::delete);
        List<String> parts = new ArrayList<>();
        String testPart = null;
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals(PartDirectoryOutput.STATS)) {
                    continue;
                }
                String key = prefix + name;
                store.putFile(key, file);
                if (name.startsWith(PartDirectoryOutput.TRAIN_PREFIX)) {
                    parts.add(key);
                } else if (name.startsWith(PartDirectoryOutput.TEST_PREFIX)) {
                    testPart = key;
                }
            }
        }
        store.putFile(ObjectKeys.messagesStats(jobId), out.resolve(PartDirectoryOutput.STATS));
        return DatasetReady.of(jobId, parts, testPart, ObjectKeys.rejected(jobId), ObjectKeys.messagesStats(jobId),
                stats.rowsRead(), stats.rowsTrain(), stats.rowsRejected());
    }

    /** Rebuilds the event of a finished conversion from what it stored. */
    private DatasetReady alreadyConverted(String jobId) throws IOException {
        JsonNode stats = JSON.readTree(store.getBytes(ObjectKeys.messagesStats(jobId)));
        List<String> keys = store.list(ObjectKeys.messagesPrefix(jobId));
        List<String> parts = keys.stream()
                .filter(k -> ObjectKeys.fileName(k).startsWith(PartDirectoryOutput.TRAIN_PREFIX)).toList();
        String testPart = keys.stream()
                .filter(k -> ObjectKeys.fileName(k).startsWith(PartDirectoryOutput.TEST_PREFIX)).findFirst().orElse(null);
        return DatasetReady.of(jobId, parts, testPart, ObjectKeys.rejected(jobId), ObjectKeys.messagesStats(jobId),
                stats.path("rows_in").asLong(), stats.path("rows_train").asLong(),
                stats.path("rows_rejected").asLong());
    }

    private static DatasetSource source(Path file, DatasetLocator.Input input, JobSpec spec) throws IOException {
        var settings = spec.smolforge();
        DatasetSource source = DatasetSource.of(file).withFraction(input.fraction())
                .withFormat(DatasetFormat.fromName(settings.datasetFormat()));
        if (settings.datasetMapping() != null) {
            source = source.withMapping(ColumnMapping.parse(JSON.valueToTree(settings.datasetMapping()), "smolforge.dataset_mapping"));
        }
        return source;
    }

    private static ConversionOptions options(JobSpec spec, Path work) {
        var settings = spec.smolforge();
        ConversionOptions options = ConversionOptions.defaults()
                .withSystemPrompt(settings.systemPrompt())
                .withRemoveCalculatorAnnotations(settings.removeCalculatorAnnotations())
                .withShuffle(Boolean.TRUE.equals(spec.getBoolean("shuffle_dataset")))
                .withSeed(spec.getLong("seed"))
                .withWorkDir(work.resolve("scratch"));
        Double testSize = spec.getDouble("test_split_size");
        return testSize == null ? options : options.withTestSize(testSize);
    }

    private void uploadIfPresent(Path file, String key) {
        if (Files.isRegularFile(file)) {
            store.putFile(key, file);
        }
    }

}
