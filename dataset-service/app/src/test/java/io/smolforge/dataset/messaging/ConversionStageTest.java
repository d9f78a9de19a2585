package io.smolforge.dataset.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smolforge.api.events.DatasetReady;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.JobState;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.Topics;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.testkit.InfrastructureTestResource;
import io.smolforge.testkit.TestInfrastructure;
import io.smolforge.testkit.TopicRecords;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conversion stage end to end: sft.jobs → messages parts in S3 → sft.datasets.ready. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ConversionStageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SPEC = """
            model_name_or_path: smolforge/tiny-smollm3-base
            max_steps: 5
            smolforge:
              job_name: conversion-test
              dataset_format: gsm8k
              system_prompt: "You are a math tutor. /no_think"
            """;

    private ObjectStore store;

    @BeforeEach
    void openStore() {
        store = new ObjectStore(TestInfrastructure.s3Config());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void convertsAnUploadedDatasetAndAnnouncesIt() throws Exception {
        String id = submit(SPEC, resource("data/gsm8k-40.jsonl"));
        DatasetReady ready = awaitReady(id, 1);

        assertThat(ready.rowsIn()).isEqualTo(40);
        assertThat(ready.rowsOut()).isEqualTo(40);
        assertThat(ready.partKeys()).containsExactly(ObjectKeys.messagesPart(id, 0));
        List<String> rows = readGzipLines(ready.partKeys().get(0));
        assertThat(rows).hasSize(40);
        assertThat(rows.get(0)).contains("\"role\":\"system\"", "You are a math tutor. /no_think", "\"role\":\"assistant\"");
        assertThat(store.exists(ObjectKeys.messagesStats(id))).isTrue();
        assertThat(status(id).artifacts()).containsEntry("messages", ObjectKeys.messagesPrefix(id));
    }

    @Test
    void aRedeliveredJobReannouncesWithoutConvertingAgain() throws Exception {
        String id = submit(SPEC, resource("data/gsm8k-40.jsonl"));
        awaitReady(id, 1);
        Map<String, String> before = checksums(ObjectKeys.messagesPrefix(id));
        // Without its input the stage could not convert again: only finding its finished output lets it succeed.
        store.list(ObjectKeys.job(id) + "upload/").forEach(store::delete);

        ConsumerRecord<String, String> original = TopicRecords.withKey(Topics.JOBS, id).get(0);
        TopicRecords.send(Topics.JOBS, id, original.value());
        DatasetReady again = awaitReady(id, 2);

        assertThat(again.partKeys()).containsExactly(ObjectKeys.messagesPart(id, 0));
        assertThat(checksums(ObjectKeys.messagesPrefix(id))).isEqualTo(before);
        assertThat(status(id).state()).isNotEqualTo(JobState.FAILED);
    }

    @Test
    void aDatasetWithOnlyBadRowsFailsTheJobWithTheReasons() throws Exception {
        File bad = File.createTempFile("bad", ".jsonl");
        java.nio.file.Files.writeString(bad.toPath(), "{\"question\": \"q\"}\nnot json\n");
        String id = submit(SPEC, bad);
        JobStatus failed = awaitState(id, JobState.FAILED);
        assertThat(failed.message()).contains("preparing_data failed");
        assertThat(store.exists(ObjectKeys.rejected(id))).isTrue();
        assertThat(TopicRecords.withKey(Topics.DATASETS_READY, id)).isEmpty();
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndFailsItsJob() {
        TopicRecords.send(Topics.JOBS, "sft-poison-1", "{this is not an event");
        ConsumerRecord<String, String> dead = TopicRecords.await(Topics.DEAD_LETTER,
                r -> "sft-poison-1".equals(r.key()), WAIT);
        assertThat(dead.value()).isEqualTo("{this is not an event");
        assertThat(awaitState("sft-poison-1", JobState.FAILED).message()).contains("unreadable event");
    }

    private String submit(String spec, File dataset) {
        return given().multiPart("spec", spec).multiPart("dataset", dataset)
                .when().post("/v1/jobs").then().statusCode(201).extract().path("id");
    }

    private DatasetReady awaitReady(String id, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<ConsumerRecord<String, String>> records = TopicRecords.withKey(Topics.DATASETS_READY, id);
            if (records.size() >= count) {
                assertThat(records).hasSize(count);
                return EventJson.read(records.get(count - 1).value(), DatasetReady.class);
            }
            JobStatus status = status(id);
            if (status != null && status.state() == JobState.FAILED) {
                throw new AssertionError("job failed: " + status.message());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no DatasetReady #" + count + " for " + id);
            }
            sleep();
        }
    }

    private JobStatus awaitState(String id, JobState state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = status(id);
            if (status != null && status.state() == state) {
                return status;
            }
            sleep();
        }
        throw new AssertionError("job " + id + " never reached " + state + "; last: " + status(id));
    }

    private static JobStatus status(String id) {
        List<ConsumerRecord<String, String>> records = TopicRecords.withKey(Topics.JOB_STATUS, id);
        return records.isEmpty() ? null : EventJson.read(records.get(records.size() - 1).value(), JobStatus.class);
    }

    private Map<String, String> checksums(String prefix) {
        return store.list(prefix).stream().collect(Collectors.toMap(Function.identity(), store::sha256));
    }

    private List<String> readGzipLines(String key) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(store.open(key)), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    private static File resource(String name) throws URISyntaxException {
        return new File(ConversionStageTest.class.getClassLoader().getResource(name).toURI());
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
