package io.smolforge.dataset.messaging;

import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.TrainingProgress;
import io.smolforge.dataset.service.JobEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Relays training progress to the job's SSE subscribers (each instance reads all of it, live only). */
@ApplicationScoped
public class ProgressRelay {
    private final JobEvents events;

    public ProgressRelay(JobEvents events) {
        this.events = events;
    }

    @Incoming("training-progress")
    public void onProgress(String json) {
        events.onProgress(EventJson.read(json, TrainingProgress.class));
    }
}
