package io.smolforge.runtime;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.PipelineEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes pipeline events as JSON, keyed by job id so one job's events stay ordered on one partition.
 * One outgoing channel serves every topic; the topic travels in the record metadata. {@link #publish}
 * waits for the broker's acknowledgement: a stage only acks its input once its output event is durable.
 */
@ApplicationScoped
public class EventPublisher {
    private final Emitter<String> emitter;

    @Inject
    public EventPublisher(@Channel("pipeline-events") Emitter<String> emitter) {
        this.emitter = emitter;
    }

    public void publish(String topic, PipelineEvent event) {
        publish(topic, event.jobId(), EventJson.write(event));
    }

    public void publish(String topic, String key, String json) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Message<String> message = Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build())
                .withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        try {
            sent.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic + " (key " + key + ")", e);
        }
    }
}
