package io.smolforge.template.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smolforge.api.events.DatasetReady;
import io.smolforge.api.events.Stage;
import io.smolforge.runtime.StageRunner;
import io.smolforge.template.service.TokenPreparation;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** sft.datasets.ready → render, tokenize, mask and pack → sft.tokens.ready. */
@ApplicationScoped
public class TokenizeStage {
    private final StageRunner runner;
    private final TokenPreparation preparation;

    public TokenizeStage(StageRunner runner, TokenPreparation preparation) {
        this.runner = runner;
        this.preparation = preparation;
    }

    @Incoming("datasets-ready")
    @Blocking
    public void onDatasetReady(ConsumerRecord<String, String> record) {
        runner.run(record, DatasetReady.class, Stage.TOKENIZING, "rendering and tokenizing", preparation::prepare);
    }
}
