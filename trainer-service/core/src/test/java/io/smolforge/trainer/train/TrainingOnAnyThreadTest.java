package io.smolforge.trainer.train;

import ai.djl.Device;
import io.smolforge.trainer.Golden;
import io.smolforge.trainer.bench.TrainingBenchmark;
import io.smolforge.trainer.lora.LoraConfig;
import io.smolforge.trainer.model.CausalLanguageModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trainer works on any thread, not only on the one that started DJL's engine: a service runs its next job on
 * whichever worker thread the message arrives on, where libtorch's grad mode starts on (and AdamW's in-place
 * updates of the adapter were refused: "a leaf Variable that requires grad is being used in an in-place operation").
 */
class TrainingOnAnyThreadTest {

    @Test
    void trainsOnAThreadThatDidNotStartTheEngine() throws Exception {
        try (CausalLanguageModel engineStartsHere = CausalLanguageModel.load(Golden.tinyModel(), Device.cpu())) {
            assertThat(engineStartsHere.config().vocabSize()).isPositive();
        }
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                outcome.set(train());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "next-job");
        job.start();
        job.join();

        assertThat(outcome.get()).isInstanceOf(List.class);
        assertThat((List<?>) outcome.get()).hasSize(2).allSatisfy(loss -> assertThat((Double) loss).isFinite().isPositive());
    }

    private static List<Double> train() throws Exception {
        TrainingArguments args = TrainingArguments.defaults()
                .withBatching(4, 1, "sequential", 512)
                .withOptimizer(1e-3, "constant", 0, 0.1, 1.0)
                .withLora(LoraConfig.of(4, 8, 0.1, List.of(LoraConfig.ALL_LINEAR)))
                .withMaxSteps(2)
                .withSaveSteps(0);
        try (SftTrainer trainer = SftTrainer.builder().model(Golden.tinyModel())
                .trainDataset(TrainingBenchmark.syntheticData(8, 50, 120, 4102, 3)).args(args).build()) {
            return trainer.train();
        }
    }
}
