package io.smolforge.publisher.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smolforge.api.events.ModelPublished;
import io.smolforge.api.events.ModelTrained;
import io.smolforge.api.events.Stage;
import io.smolforge.api.events.Topics;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.publisher.RegistryPublisher;
import io.smolforge.runtime.EventPublisher;
import io.smolforge.runtime.StageRunner;
import io.smolforge.runtime.StatusReporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** sft.models.trained → copy the artifacts to the registry → sft.models.published, job succeeded. */
@ApplicationScoped
public class PublishStage {
    private final RegistryPublisher registry;
    private final EventPublisher events;
    private final StatusReporter status;
    private final StageRunner runner;

    public PublishStage(ObjectStore store, EventPublisher events, StatusReporter status, StageRunner runner) {
        this.registry = new RegistryPublisher(store);
        this.events = events;
        this.status = status;
        this.runner = runner;
    }

    @Incoming("models-trained")
    @Blocking
    public void onModelTrained(ConsumerRecord<String, String> record) {
        runner.run(record, ModelTrained.class, Stage.PUBLISHING, "publishing to the registry", trained -> {
            String jobId = trained.jobId();
            List<String> keys = registry.publish(jobId, trained.outputPrefix());
            String prefix = ObjectKeys.registryPrefix(jobId);
            events.publish(Topics.MODELS_PUBLISHED, ModelPublished.of(jobId, prefix, keys, null));
            status.succeed(jobId, "published " + keys.size() + " files to " + prefix, Map.of("registry", prefix));
        });
    }
}
