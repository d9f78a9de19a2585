package io.smolforge.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.JobRequested;
import io.smolforge.api.events.JobState;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.Topics;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.testkit.InfrastructureTestResource;
import io.smolforge.testkit.TestInfrastructure;
import io.smolforge.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Job intake against a real broker and a real S3 server; the conversion consumer is off, so jobs stay queued. */
@QuarkusTest
@TestProfile(JobIntakeTest.IntakeOnly.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class JobIntakeTest {
    /** Hands the submitted job to {@link SecondInstanceTest}, which runs after a restart of the application. */
    static final String HANDOFF = "smolforge.test.queued-job";

    static final String TRL_YAML = """
            model_name_or_path: smolforge/tiny-smollm3-base
            dataset_name: openai/gsm8k
            learning_rate: 1.0e-3
            max_steps: 5
            use_peft: true
            lora_target_modules: all-linear
            smolforge:
              job_name: intake-test
            """;

    public static class IntakeOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.jobs.enabled", "false");
        }
    }

    @Test
    void postsTrlYamlAndReadsQueuedStatusBackThroughKafka() throws Exception {
        String id = given().contentType("application/yaml").body(TRL_YAML.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/jobs")
                .then().statusCode(201)
                .header("Location", containsString("/v1/jobs/"))
                .body("state", equalTo("queued"))
                .body("statusUrl", startsWith("/v1/jobs/sft-"))
                .extract().path("id");

        ConsumerRecord<String, String> status = TopicRecords.await(Topics.JOB_STATUS, r -> id.equals(r.key()),
                java.time.Duration.ofSeconds(30));
        assertThat(EventJson.read(status.value(), JobStatus.class).state()).isEqualTo(JobState.QUEUED);
        ConsumerRecord<String, String> requested = TopicRecords.await(Topics.JOBS, r -> id.equals(r.key()),
                java.time.Duration.ofSeconds(30));
        JobRequested event = EventJson.read(requested.value(), JobRequested.class);
        assertThat(event.specKey()).isEqualTo("jobs/" + id + "/spec.json");

        try (ObjectStore store = new ObjectStore(TestInfrastructure.s3Config())) {
            var spec = new com.fasterxml.jackson.databind.ObjectMapper().readTree(store.getBytes(event.specKey()));
            assertThat(spec.path("learning_rate").asDouble()).isEqualTo(1e-3);
            assertThat(spec.path("max_length").asInt()).as("TRL default filled in").isEqualTo(1024);
            assertThat(spec.path("lora_r").asInt()).isEqualTo(16);
        }

        given().when().get("/v1/jobs/" + id).then().statusCode(200)
                .body("state", equalTo("queued")).body("name", equalTo("intake-test"))
                .body("artifacts.spec", equalTo("jobs/" + id + "/spec.json"));
        given().when().get("/v1/jobs").then().statusCode(200).body("id", hasItem(id));
        System.setProperty(HANDOFF, id);
    }

    @Test
    void unknownKeyIsA400NamingTheKeyAndTheClosestKnownKey() {
        given().contentType("application/yaml").body("model_name_or_path: m\nlearning_rat: 0.1\nlora_r: -2\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid job spec"))
                .body("errors.key", hasItem("learning_rat"))
                .body("errors.find { it.key == 'learning_rat' }.message", containsString("learning_rate"))
                .body("errors.key", hasItem("lora_r"));
    }

    @Test
    void cancelsAQueuedJob() {
        String id = given().contentType("application/json")
                .body("{\"model_name_or_path\": \"m\", \"dataset_name\": \"d\"}")
                .when().post("/v1/jobs").then().statusCode(201).extract().path("id");
        given().when().post("/v1/jobs/" + id + "/cancel").then().statusCode(200).body("state", equalTo("cancelled"));
        List<JobState> states = TopicRecords.withKey(Topics.JOB_STATUS, id).stream()
                .map(r -> EventJson.read(r.value(), JobStatus.class).state()).toList();
        assertThat(states).containsExactly(JobState.QUEUED, JobState.CANCELLED);
    }

    @Test
    void streamsStatusEventsUntilTheJobEnds() throws Exception {
        String id = given().contentType("application/json")
                .body("{\"model_name_or_path\": \"m\", \"dataset_name\": \"d\"}")
                .when().post("/v1/jobs").then().statusCode(201).extract().path("id");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/v1/jobs/" + id + "/events")).header("Accept", "text/event-stream").build();
        var response = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        Thread.sleep(500);
        given().when().post("/v1/jobs/" + id + "/cancel").then().statusCode(200);

        List<String> lines = response.get(30, java.util.concurrent.TimeUnit.SECONDS).body()
                .filter(line -> line.startsWith("event:") || line.startsWith("data:")).toList();
        assertThat(lines).contains("event:status");
        assertThat(lines.stream().filter(l -> l.startsWith("data:")).toList())
                .as("starts with the current status and ends with the terminal one")
                .first().asString().contains("\"state\":\"queued\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"state\":\"cancelled\"");
    }

    @Test
    void unknownJobIs404() {
        given().when().get("/v1/jobs/sft-nope").then().statusCode(404);
    }
}
