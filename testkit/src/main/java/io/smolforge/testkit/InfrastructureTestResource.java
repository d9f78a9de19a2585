package io.smolforge.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus application under test at the testkit's Kafka broker and S3 server:
 * <pre>
 * &#64;QuarkusTest
 * &#64;QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
 * class JobIntakeTest { ... }
 * </pre>
 * It sets {@code kafka.bootstrap.servers} and {@code smolforge.s3.endpoint|region|access-key|secret-key|bucket}.
 * The servers live as long as the test JVM, not the application: a second application start (another test
 * profile, a restarted instance) sees the same topics and objects. So {@link #stop()} stops nothing.
 */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestInfrastructure.applicationConfig();
    }

    @Override
    public void stop() {
        // the servers belong to the JVM; TestInfrastructure stops them at exit
    }
}
