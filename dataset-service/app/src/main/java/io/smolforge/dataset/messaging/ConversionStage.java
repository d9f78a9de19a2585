package io.smolforge.dataset.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smolforge.api.events.JobRequested;
import io.smolforge.api.events.Stage;
import io.smolforge.dataset.service.DatasetConversion;
import io.smolforge.runtime.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** sft.jobs → convert the job's dataset → sft.datasets.ready. */
@ApplicationScoped
public class ConversionStage {
    private final StageRunner runner;
    private final DatasetConversion conversion;

    public ConversionStage(StageRunner runner, DatasetConversion conversion) {
        this.runner = runner;
        this.conversion = conversion;
    }

    @Incoming("jobs")
    @Blocking
    public void onJob(ConsumerRecord<String, String> record) {
        runner.run(record, JobRequested.class, Stage.PREPARING_DATA, "converting the dataset", conversion::convert);
    }
}
