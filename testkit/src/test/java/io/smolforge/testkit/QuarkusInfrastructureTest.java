package io.smolforge.testkit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.api.storage.ObjectStoreConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class QuarkusInfrastructureTest {

    static final String TOPIC = "testkit-quarkus-marker";
    static final String MARKER = "testkit/quarkus/marker.txt";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "smolforge.s3.endpoint")
    String endpoint;
    @ConfigProperty(name = "smolforge.s3.region")
    String region;
    @ConfigProperty(name = "smolforge.s3.access-key")
    String accessKey;
    @ConfigProperty(name = "smolforge.s3.secret-key")
    String secretKey;
    @ConfigProperty(name = "smolforge.s3.bucket")
    String bucket;

    @Test
    void applicationIsPointedAtTheTestBrokerAndS3Server() throws Exception {
        assertThat(bootstrap).startsWith("127.0.0.1:");
        assertThat(endpoint).startsWith("http://127.0.0.1:");

        try (ObjectStore store = new ObjectStore(new ObjectStoreConfig(endpoint, region, accessKey, secretKey, bucket))) {
            store.putBytes(MARKER, "written by the first application".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(store.exists(MARKER)).isTrue();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            // a new topic reaches the broker's metadata cache a moment after the controller commits it
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!admin.listTopics().names().get().contains(TOPIC) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(admin.listTopics().names().get()).contains(TOPIC);
        }
    }
}
