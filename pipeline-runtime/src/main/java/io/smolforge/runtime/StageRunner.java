package io.smolforge.runtime;

import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.PipelineEvent;
import io.smolforge.api.events.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What every stage does around its own work, written once:
 * <ul>
 *   <li>a record that is not a valid event fails its job (the record key is the job id) and is rethrown,
 *       so the channel's failure strategy sends it to the dead-letter topic;</li>
 *   <li>a job that has already ended (cancelled, failed) is skipped;</li>
 *   <li>the job moves to the stage, and any failure of the work fails the job with a message a person can
 *       act on. Other jobs keep flowing: the record is acknowledged either way.</li>
 * </ul>
 */
@ApplicationScoped
public class StageRunner {
    private static final Logger LOG = Logger.getLogger(StageRunner.class);

    /** A stage's own work for one event. */
    @FunctionalInterface
    public interface Work<E> {
        void run(E event) throws Exception;
    }

    private final StatusReporter status;

    public StageRunner(StatusReporter status) {
        this.status = status;
    }

    public <E extends PipelineEvent> void run(ConsumerRecord<String, String> record, Class<E> type, Stage stage,
                                              String startMessage, Work<E> work) {
        E event;
        try {
            event = EventJson.read(record.value(), type);
        } catch (EventJson.MalformedEventException e) {
            if (record.key() != null) {
                status.fail(record.key(), stage.wireName() + ": unreadable event on " + record.topic() + ": "
                        + e.getMessage());
            }
            throw e;
        }
        String jobId = event.jobId();
        if (!status.advance(jobId, stage, startMessage, Map.of())) {
            LOG.infof("job %s has ended; %s skipped", jobId, stage.wireName());
            return;
        }
        try {
            work.run(event);
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed in %s", jobId, stage.wireName());
            status.fail(jobId, stage.wireName() + " failed: " + messageOf(e));
        }
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
