package io.smolforge.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.Topics;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Every job's latest status, materialised from the compacted {@link Topics#JOB_STATUS} topic. Each instance
 * reads the whole topic from the beginning (no consumer group), so a restarted service or a second replica
 * serves the same view. Local writes are applied at once so a stage reads its own updates.
 */
@ApplicationScoped
public class JobStatusStore {
    private static final Logger LOG = Logger.getLogger(JobStatusStore.class);

    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    private final List<Consumer<JobStatus>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    private Thread reader;

    void onStart(@Observes @Priority(1) StartupEvent event, PipelineConfig config) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        reader = new Thread(this::readForever, "job-status-reader");
        reader.setDaemon(true);
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            reader.join(5_000);
        }
    }

    private void readForever() {
        try (KafkaConsumer<String, String> c = consumer) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.JOB_STATUS, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                    applyRecord(record);
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> c.position(p) >= end.get(p))) {
                    LOG.infof("job status view caught up: %d jobs", jobs.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("job status reader stopped", e);
        }
    }

    private void applyRecord(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            jobs.remove(record.key());
            return;
        }
        try {
            apply(EventJson.read(record.value(), JobStatus.class));
        } catch (EventJson.MalformedEventException e) {
            LOG.warnf("skipping malformed status record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /** Applies a status unless a newer one is known; listeners hear of every applied change. */
    public void apply(JobStatus status) {
        JobStatus merged = jobs.merge(status.jobId(), status,
                (old, candidate) -> candidate.updatedAt().isBefore(old.updatedAt()) ? old : candidate);
        if (merged == status) {
            listeners.forEach(listener -> listener.accept(status));
        }
    }

    public Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** All jobs, newest first. */
    public List<JobStatus> all() {
        return jobs.values().stream().sorted(Comparator.comparing(JobStatus::createdAt).reversed()).toList();
    }

    /** Waits until the view has read the topic up to where it ended at start-up. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public void addListener(Consumer<JobStatus> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<JobStatus> listener) {
        listeners.remove(listener);
    }
}
