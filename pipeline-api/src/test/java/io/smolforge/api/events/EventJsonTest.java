package io.smolforge.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void roundTripsEveryStageEvent() {
        List<PipelineEvent> events = List.of(
                JobRequested.of("job-1", "demo", "jobs/job-1/spec.json", null),
                DatasetReady.of("job-1", List.of("jobs/job-1/messages/part-00000.jsonl.gz"), null,
                        "jobs/job-1/messages/rejected.jsonl.gz", "jobs/job-1/messages/stats.json", 10, 9, 1),
                TokensReady.of("job-1", List.of("jobs/job-1/tokens/shard-00000.safetensors"),
                        "jobs/job-1/tokens/stats.json", 9, 1234, 0.97),
                TrainingProgress.of("job-1", 5, 10, 0.5, 2.25, 1e-3, 0.7, 4000, 12, 12),
                ModelTrained.of("job-1", "jobs/job-1/output/", List.of("jobs/job-1/output/adapter_model.safetensors"),
                        10, 1.5),
                ModelPublished.of("job-1", "registry/job-1/", List.of("registry/job-1/adapter_config.json"), null),
                JobStatus.queued("job-1", "demo", "jobs/job-1/spec.json"));
        for (PipelineEvent event : events) {
            PipelineEvent back = EventJson.read(EventJson.write(event), event.getClass());
            assertThat(back).isEqualTo(event);
            assertThat(back.schemaVersion()).isEqualTo(PipelineEvent.SCHEMA_VERSION);
        }
    }

    @Test
    void toleratesUnknownFieldsFromNewerProducers() {
        String json = "{\"schemaVersion\":2,\"jobId\":\"j\",\"jobName\":\"n\",\"specKey\":\"jobs/j/spec.json\","
                + "\"somethingNew\":{\"x\":1}}";
        JobRequested event = EventJson.read(json, JobRequested.class);
        assertThat(event.jobId()).isEqualTo("j");
        assertThat(event.schemaVersion()).isEqualTo(2);
    }

    @Test
    void writesStatesInLowerCaseAndMergesArtifacts() {
        JobStatus queued = JobStatus.queued("j", "n", "jobs/j/spec.json");
        JobStatus running = queued.advance(Stage.TOKENIZING, "rendering", Map.of("messages", "jobs/j/messages/"));
        String json = EventJson.write(running);
        assertThat(json).contains("\"state\":\"running\"", "\"stage\":\"tokenizing\"");
        assertThat(running.artifacts()).containsKeys("spec", "messages");
        assertThat(running.createdAt()).isEqualTo(queued.createdAt());
        assertThat(running.fail("boom").state().isTerminal()).isTrue();
    }

    @Test
    void rejectsMalformedPayloadNamingTheType() {
        assertThatThrownBy(() -> EventJson.read("{not json", TokensReady.class))
                .isInstanceOf(EventJson.MalformedEventException.class)
                .hasMessageContaining("TokensReady");
    }
}
