package io.smolforge.testkit;

import io.smolforge.api.storage.ObjectStore;
import io.smolforge.api.storage.ObjectStoreConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka broker and the S3 server that SmolForge's tests run against, started once per test JVM (on first
 * use) and stopped when the JVM exits. Plain accessors for non-Quarkus tests; {@link InfrastructureTestResource}
 * hands the same servers to Quarkus applications.
 *
 * <p>Quarkus may load this class more than once (one class loader per application start). The running servers'
 * coordinates are therefore published as system properties, which are JVM-wide, and a second copy of this class
 * reuses them instead of starting another broker.
 */
public final class TestInfrastructure {

    /** The bucket tests use unless they ask for another; it exists once the infrastructure is up. */
    public static final String BUCKET = "smolforge-test";

    static final String KAFKA_BOOTSTRAP = "smolforge.testkit.kafka.bootstrap-servers";
    static final String S3_ENDPOINT = "smolforge.testkit.s3.endpoint";
    static final String S3_REGION = "smolforge.testkit.s3.region";
    static final String S3_ACCESS_KEY = "smolforge.testkit.s3.access-key";
    static final String S3_SECRET_KEY = "smolforge.testkit.s3.secret-key";

    /** String literals are interned JVM-wide, so every copy of this class locks the same monitor. */
    private static final String LOCK = "io.smolforge.testkit.TestInfrastructure.lock";

    private TestInfrastructure() {
    }

    /** Starts the broker and s3proxy unless this JVM already runs them; returns when both answer. */
    public static void start() {
        synchronized (LOCK) {
            if (System.getProperty(KAFKA_BOOTSTRAP) != null) {
                return;
            }
            S3ProxyServer s3 = S3ProxyServer.start(S3ProxyJar.locate());
            KafkaBroker kafka;
            try {
                kafka = KafkaBroker.start();
            } catch (RuntimeException e) {
                s3.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                s3.close();
            }, "smolforge-testkit-shutdown"));
            try (ObjectStore store = new ObjectStore(s3.config(BUCKET))) {
                store.ensureBucket();
            }
            System.setProperty(S3_ENDPOINT, s3.endpoint());
            System.setProperty(S3_REGION, s3.region());
            System.setProperty(S3_ACCESS_KEY, s3.accessKey());
            System.setProperty(S3_SECRET_KEY, s3.secretKey());
            System.setProperty(KAFKA_BOOTSTRAP, kafka.bootstrapServers()); // last: it marks the set as complete
        }
    }

    /** {@code 127.0.0.1:<port>} of the broker, for {@code bootstrap.servers}. */
    public static String kafkaBootstrap() {
        start();
        return System.getProperty(KAFKA_BOOTSTRAP);
    }

    /** Client configuration for the test bucket {@value #BUCKET}. */
    public static ObjectStoreConfig s3Config() {
        return s3Config(BUCKET);
    }

    /** Client configuration for {@code bucket} on the test S3 server; call {@link ObjectStore#ensureBucket()} to create it. */
    public static ObjectStoreConfig s3Config(String bucket) {
        start();
        return new ObjectStoreConfig(System.getProperty(S3_ENDPOINT), System.getProperty(S3_REGION),
                System.getProperty(S3_ACCESS_KEY), System.getProperty(S3_SECRET_KEY), bucket);
    }

    /**
     * The application configuration that points a SmolForge service at this infrastructure:
     * {@code kafka.bootstrap.servers} and {@code smolforge.s3.*}.
     */
    public static Map<String, String> applicationConfig() {
        ObjectStoreConfig s3 = s3Config();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap());
        config.put("smolforge.s3.endpoint", s3.endpoint());
        config.put("smolforge.s3.region", s3.region());
        config.put("smolforge.s3.access-key", s3.accessKey());
        config.put("smolforge.s3.secret-key", s3.secretKey());
        config.put("smolforge.s3.bucket", s3.bucket());
        return config;
    }
}
