package io.smolforge.template.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.events.DatasetReady;
import io.smolforge.api.events.Stage;
import io.smolforge.api.events.TokensReady;
import io.smolforge.api.events.Topics;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.runtime.ScratchDirectory;
import io.smolforge.runtime.EventPublisher;
import io.smolforge.runtime.ModelCache;
import io.smolforge.runtime.StatusReporter;
import io.smolforge.template.prepare.PrepareOptions;
import io.smolforge.template.prepare.PrepareStage;
import io.smolforge.template.prepare.PrepareStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The tokenizing stage of one job: fetch the converted rows and the model's tokenizer and template, run
 * {@link PrepareStage} (render, tokenize, mask, truncate, pack) into a scratch folder, upload the shards and
 * then {@code stats.json}, which marks the output complete, and announce {@link TokensReady}.
 */
@ApplicationScoped
public class TokenPreparation {
    private static final Logger LOG = Logger.getLogger(TokenPreparation.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final ModelCache models;
    private final EventPublisher events;
    private final StatusReporter status;

    public TokenPreparation(ObjectStore store, ModelCache models, EventPublisher events, StatusReporter status) {
        this.store = store;
        this.models = models;
        this.events = events;
        this.status = status;
    }

    public void prepare(DatasetReady dataset) throws IOException {
        String jobId = dataset.jobId();
        TokensReady ready = store.exists(ObjectKeys.tokensStats(jobId)) ? alreadyPrepared(jobId) : null;
        if (ready == null) {
            ready = prepareNow(dataset);
        } else {
            LOG.infof("job %s: tokens already prepared, announcing them again", jobId);
        }
        // Status first: once the event is out, the next stage may already be reporting its own progress.
        status.advance(jobId, Stage.TOKENIZING, String.format("%d rows, %d tokens, packing efficiency %.1f%%",
                ready.sequences(), ready.tokens(), 100 * ready.packingEfficiency()),
                Map.of("tokens", ObjectKeys.tokensPrefix(jobId)));
        events.publish(Topics.TOKENS_READY, ready);
    }

    private TokensReady prepareNow(DatasetReady dataset) throws IOException {
        String jobId = dataset.jobId();
        JobSpec spec = JobSpecParser.parse(new String(store.getBytes(ObjectKeys.spec(jobId)), StandardCharsets.UTF_8),
                ObjectKeys.spec(jobId));
        Path model = models.fetch(spec.getString("model_name_or_path"), spec.getString("model_revision"),
                ModelCache.WITHOUT_WEIGHTS);
        try (ScratchDirectory scratch = ScratchDirectory.create("smolforge-tokens-" + jobId)) {
            Path work = scratch.path();
            List<Path> parts = new ArrayList<>();
            for (String key : dataset.partKeys()) {
                Path part = work.resolve("messages").resolve(ObjectKeys.fileName(key));
                store.getFile(key, part);
                parts.add(part);
            }
            Path out = work.resolve("tokens");
            PrepareStats stats = new PrepareStage(PrepareOptions.fromSpec(spec)).run(model, parts, out);
            String prefix = ObjectKeys.tokensPrefix(jobId);
            store.list(prefix).forEach(store::delete);
            List<String> shardKeys = new ArrayList<>();
            for (String shard : stats.shards()) {
                String key = prefix + Path.of(shard).getFileName();
                store.putFile(key, out.resolve(Path.of(shard).getFileName()));
                shardKeys.add(key);
            }
            Path statsFile = out.resolve("stats.json");
            stats.write(statsFile);
            store.putFile(ObjectKeys.tokensStats(jobId), statsFile);
            return TokensReady.of(jobId, shardKeys, ObjectKeys.tokensStats(jobId), stats.trainingRows(), stats.tokens(),
                    stats.packingEfficiency() == null ? 1.0 : stats.packingEfficiency());
        }
    }

    private TokensReady alreadyPrepared(String jobId) throws IOException {
        JsonNode stats = JSON.readTree(store.getBytes(ObjectKeys.tokensStats(jobId)));
        List<String> shards = store.list(ObjectKeys.tokensPrefix(jobId)).stream()
                .filter(k -> k.endsWith(".safetensors")).toList();
        return TokensReady.of(jobId, shards, ObjectKeys.tokensStats(jobId), stats.path("training_rows").asLong(),
                stats.path("tokens").asLong(), stats.path("packing_efficiency").asDouble(1.0));
    }


}
