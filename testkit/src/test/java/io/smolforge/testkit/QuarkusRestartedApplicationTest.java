package io.smolforge.testkit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.api.storage.ObjectStoreConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second application start (a different test profile restarts Quarkus) must find the same broker and bucket,
 * with what the first application left there. Runs after {@link QuarkusInfrastructureTest} only when that one
 * ran first; on its own it checks the servers are reachable.
 */
@QuarkusTest
@TestProfile(QuarkusRestartedApplicationTest.OtherProfile.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class QuarkusRestartedApplicationTest {

    public static class OtherProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testkit.profile", "restarted");
        }
    }

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
    void restartedApplicationSeesTheSameServers() throws Exception {
        assertThat(bootstrap).isEqualTo(System.getProperty(TestInfrastructure.KAFKA_BOOTSTRAP));
        try (ObjectStore store = new ObjectStore(new ObjectStoreConfig(endpoint, region, accessKey, secretKey, bucket));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            if (store.exists(QuarkusInfrastructureTest.MARKER)) {
                assertThat(new String(store.getBytes(QuarkusInfrastructureTest.MARKER), StandardCharsets.UTF_8))
                        .isEqualTo("written by the first application");
                assertThat(admin.listTopics().names().get()).contains(QuarkusInfrastructureTest.TOPIC);
            }
        }
    }
}
