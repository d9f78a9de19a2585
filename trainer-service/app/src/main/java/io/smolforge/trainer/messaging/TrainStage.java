package io.smolforge.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smolforge.api.events.Stage;
import io.smolforge.api.events.TokensReady;
import io.smolforge.runtime.StageRunner;
import io.smolforge.trainer.service.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * sft.tokens.ready → train → sft.models.trained. Training runs on a worker thread while the connector keeps
 * polling, so a long run never exceeds max.poll.interval.ms; the record is committed only after the run ends,
 * so a pod that dies mid-run leaves it to the next pod, which resumes from the newest checkpoint.
 */
@ApplicationScoped
public class TrainStage {
    private final StageRunner runner;
    private final TrainingRun training;

    public TrainStage(StageRunner runner, TrainingRun training) {
        this.runner = runner;
        this.training = training;
    }

    @Incoming("tokens-ready")
    @Blocking
    public void onTokensReady(ConsumerRecord<String, String> record) {
        runner.run(record, TokensReady.class, Stage.TRAINING, "training", training::train);
    }
}
