package io.smolforge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.events.EventJson;
import io.smolforge.api.events.JobStatus;
import io.smolforge.api.events.Topics;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.api.storage.ObjectStoreConfig;
import io.smolforge.testkit.TestInfrastructure;
import io.smolforge.testkit.TopicRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole chain as a deployment runs it: the four packaged services as separate processes, a real KRaft broker
 * and a real S3 server, jobs submitted over REST and followed through every topic to the published adapter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
    private static final String BUCKET = "smolforge-e2e";
    private static final String SERVICES_ORDER = "dataset-service template-service trainer-service hub-publisher";

    private final Path root = Path.of(System.getProperty("smolforge.repo-root", "..")).toAbsolutePath().normalize();
    private final Path logs = Path.of("target", "e2e-logs").toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private ObjectStore store;
    private Path cache;

    @BeforeAll
    void startServices() throws Exception {
        ObjectStoreConfig s3 = TestInfrastructure.s3Config(BUCKET);
        store = new ObjectStore(s3).ensureBucket();
        seedModelAndDataset();
        cache = Files.createTempDirectory("smolforge-e2e-cache");
        for (String name : SERVICES_ORDER.split(" ")) {
            services.put(name, start(name));
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofMinutes(3));
        }
    }

    @AfterAll
    void stopServices() throws InterruptedException {
        for (ServiceProcess service : services.values()) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aJobGoesThroughEveryStageViaKafkaAndS3() throws Exception {
        String id = submit(spec("chain", 4, 2));
        JsonNode job = awaitEnd(id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");

        for (String topic : List.of(Topics.JOBS, Topics.DATASETS_READY, Topics.TOKENS_READY, Topics.MODELS_TRAINED,
                Topics.MODELS_PUBLISHED)) {
            assertThat(TopicRecords.withKey(topic, id)).as(topic).hasSize(1);
        }
        assertThat(TopicRecords.withKey(Topics.TRAINING_PROGRESS, id)).hasSizeGreaterThanOrEqualTo(2);
        List<String> stages = new ArrayList<>();
        for (var record : TopicRecords.withKey(Topics.JOB_STATUS, id)) {
            JobStatus status = EventJson.read(record.value(), JobStatus.class);
            String label = status.stage() == null ? status.state().wireName() : status.stage().wireName();
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(label)) {
                stages.add(label);
            }
        }
        assertThat(stages).containsExactly("queued", "preparing_data", "tokenizing", "training", "publishing");
        assertThat(job.path("state").asText()).isEqualTo("succeeded");

        String registry = ObjectKeys.registryPrefix(id);
        assertThat(store.list(registry)).contains(registry + "adapter_model.safetensors",
                registry + "adapter_config.json", registry + "training_log.jsonl", registry + "loss_curve.png");
        JsonNode adapterConfig = JSON.readTree(store.getBytes(registry + "adapter_config.json"));
        assertThat(adapterConfig.path("peft_type").asText()).isEqualTo("LORA");
        assertThat(adapterConfig.path("r").asInt()).isEqualTo(8);
    }

    @Test
    void theSameSpecTwiceGivesTwoJobsWithSeparateOutputs() throws Exception {
        String spec = spec("twice", 2, 1);
        String first = submit(spec);
        String second = submit(spec);
        assertThat(first).isNotEqualTo(second);
        for (String id : List.of(first, second)) {
            assertThat(awaitEnd(id).path("state").asText()).isEqualTo("succeeded");
            assertThat(store.exists(ObjectKeys.registryPrefix(id) + "adapter_model.safetensors")).isTrue();
            assertThat(store.exists(ObjectKeys.outputPrefix(id) + "adapter_model.safetensors")).isTrue();
        }
    }

    @Test
    void aTrainerKilledMidRunIsReplacedAndTheJobFinishes() throws Exception {
        String id = submit(spec("killed", 24, 4));
        awaitObject(ObjectKeys.checkpointComplete(id, 4), JOB_TIMEOUT);

        services.get("trainer-service").kill();
        ServiceProcess replacement = start("trainer-service");
        services.put("trainer-service", replacement);
        replacement.awaitReady(Duration.ofMinutes(3));

        JsonNode job = awaitEnd(id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(Files.readString(replacement.log())).contains("resuming from checkpoint");
        String log = new String(store.getBytes(ObjectKeys.outputPrefix(id) + "training_log.jsonl"));
        assertThat(log.lines().reduce((a, b) -> b).orElseThrow()).contains("\"step\":24");
        assertThat(TopicRecords.withKey(Topics.MODELS_TRAINED, id)).hasSize(1);
    }

    private ServiceProcess start(String name) throws IOException {
        ObjectStoreConfig s3 = TestInfrastructure.s3Config(BUCKET);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrap(),
                "SMOLFORGE_S3_ENDPOINT", s3.endpoint(),
                "SMOLFORGE_S3_REGION", s3.region(),
                "SMOLFORGE_S3_ACCESS_KEY", s3.accessKey(),
                "SMOLFORGE_S3_SECRET_KEY", s3.secretKey(),
                "SMOLFORGE_S3_BUCKET", BUCKET,
                "SMOLFORGE_CACHE_DIR", cache.resolve(name).toString(),
                "DJL_OFFLINE", "true",
                "OMP_WAIT_POLICY", "PASSIVE");
        // A dead trainer's partitions move to its replacement once its session expires: keep that short here.
        List<String> options = !name.equals("trainer-service") ? List.of()
                : List.of("-Dmp.messaging.incoming.tokens-ready.session.timeout.ms=8000",
                        "-Dmp.messaging.incoming.tokens-ready.heartbeat.interval.ms=2000");
        return ServiceProcess.start(root, name, env, options, logs);
    }

    private void seedModelAndDataset() throws IOException {
        store.putDirectory(ObjectKeys.hubModel("smolforge/tiny-smollm3-base", "main"),
                root.resolve("examples/models/tiny-smollm3-base"));
        List<String> rows = Files.readAllLines(root.resolve("examples/data/gsm8k/train.jsonl")).subList(0, 64);
        Path train = Files.createTempFile("gsm8k-64", ".jsonl");
        Files.write(train, rows);
        store.putFile(ObjectKeys.hubDataset("openai/gsm8k", "main") + "train.jsonl", train);
    }

    private static String spec(String name, int steps, int saveSteps) {
        return """
                model_name_or_path: smolforge/tiny-smollm3-base
                dataset_name: openai/gsm8k
                max_length: 256
                packing: true
                assistant_only_loss: true
                per_device_train_batch_size: 4
                max_steps: %d
                learning_rate: 1.0e-3
                logging_steps: 2
                save_steps: %d
                use_peft: true
                lora_r: 8
                lora_alpha: 16
                lora_target_modules: all-linear
                smolforge:
                  job_name: %s
                  dataset_format: gsm8k
                  system_prompt: "You are a math tutor. /no_think"
                """.formatted(steps, saveSteps, name);
    }

    private String submit(String spec) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                        services.get("dataset-service").url() + "/v1/jobs"))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private JsonNode awaitEnd(String id) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        JsonNode job = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    services.get("dataset-service").url() + "/v1/jobs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            job = JSON.readTree(response.body());
            String state = job.path("state").asText();
            if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + id + " did not end within " + JOB_TIMEOUT + "; last: " + job);
    }

    private void awaitObject(String key, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!store.exists(key)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no object " + key + " within " + timeout);
            }
            Thread.sleep(300);
        }
    }
}
