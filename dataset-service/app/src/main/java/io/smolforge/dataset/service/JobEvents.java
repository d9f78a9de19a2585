package io.smolforge.dataset.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.TrainingProgress;
import io.smolforge.runtime.JobStatusStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A live feed per job for Server-Sent Events: every status change and every training-progress record.
 * The feed starts with the current status and ends after the job's terminal status.
 */
@ApplicationScoped
public class JobEvents {
    /** One feed item: SSE event name ({@code status} or {@code progress}) and its JSON data. */
    public record Item(String name, String json) {
    }

    private final JobStatusStore jobs;
    private final Map<String, Set<MultiEmitter<? super Item>>> progressSubscribers = new ConcurrentHashMap<>();

    public JobEvents(JobStatusStore jobs) {
        this.jobs = jobs;
    }

    public Multi<Item> stream(String jobId) {
        return Multi.createFrom().emitter(emitter -> {
            Consumer<JobStatus> onStatus = status -> {
                if (status.jobId().equals(jobId)) {
                    emitter.emit(new Item("status", EventJson.write(status)));
                    if (status.state().isTerminal()) {
                        emitter.complete();
                    }
                }
            };
            jobs.addListener(onStatus);
            progressSubscribers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(emitter);
            emitter.onTermination(() -> {
                jobs.removeListener(onStatus);
                progressSubscribers.getOrDefault(jobId, Set.of()).remove(emitter);
            });
            jobs.get(jobId).ifPresent(onStatus);
        });
    }

    /** Fans a progress record out to the job's subscribers. */
    public void onProgress(TrainingProgress progress) {
        Item item = new Item("progress", EventJson.write(progress));
        progressSubscribers.getOrDefault(progress.jobId(), Set.of()).forEach(emitter -> emitter.emit(item));
    }
}
