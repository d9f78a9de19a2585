package io.smolforge.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smolforge.runtime.JobStatusStore;
import io.smolforge.testkit.InfrastructureTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A fresh application instance (another profile restarts Quarkus; broker and S3 live on) serves the status of a
 * job the previous instance accepted: the view is rebuilt from the compacted status topic, not from memory.
 * Quarkus orders test classes by profile, so this runs after {@link JobIntakeTest}.
 */
@QuarkusTest
@TestProfile(SecondInstanceTest.SecondInstance.class)
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class SecondInstanceTest {

    public static class SecondInstance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.jobs.enabled", "false");
        }
    }

    @Inject
    JobStatusStore jobs;

    @Test
    void servesTheStatusOfAJobAcceptedByTheFirstInstance() throws InterruptedException {
        String id = System.getProperty(JobIntakeTest.HANDOFF);
        Assumptions.assumeTrue(id != null, "runs after JobIntakeTest in the same JVM");
        org.assertj.core.api.Assertions.assertThat(jobs.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        given().when().get("/v1/jobs/" + id).then().statusCode(200)
                .body("state", equalTo("queued"))
                .body("name", equalTo("intake-test"));
    }
}
