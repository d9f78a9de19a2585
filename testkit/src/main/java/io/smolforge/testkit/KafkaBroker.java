package io.smolforge.testkit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in KRaft mode (combined broker and controller) running inside this JVM, listening
 * on two free ports of 127.0.0.1 and keeping its logs in a temporary directory that {@link #close()} removes.
 * Configured like a small development cluster: replication factor 1 everywhere, 3 partitions per topic.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final KafkaRaftServer server;

    private KafkaBroker(Path directory, int port, KafkaRaftServer server) {
        this.directory = directory;
        this.port = port;
        this.server = server;
    }

    /** Formats a fresh log directory, starts the broker and waits until it serves metadata requests. */
    public static KafkaBroker start() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("smolforge-kafka-");
            int port = LoopbackPorts.free();
            int controllerPort = LoopbackPorts.free();
            Properties properties = serverProperties(directory.resolve("logs"), port, controllerPort);
            Path file = directory.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "SmolForge testkit broker");
            }
            format(file);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            KafkaBroker broker = new KafkaBroker(directory, port, server);
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        } catch (Exception e) {
            TempDirectory.delete(directory);
            throw new IllegalStateException("Cannot start the in-process Kafka broker: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    static Properties serverProperties(Path logDirectory, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + LoopbackPorts.HOST + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + LoopbackPorts.HOST + ":" + port
                        + ",CONTROLLER://" + LoopbackPorts.HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + LoopbackPorts.HOST + ":" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDirectory.toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"), // the default 50 makes the first consumer group slow
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.dedupe.buffer.size", "2097152"))); // compaction works, in 2 MB not 128 MB
        return p;
    }

    /** {@code kafka-storage format}: writes meta.properties so that the node knows its cluster id. */
    private static void format(Path serverProperties) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                    "-c", serverProperties.toString()}, print);
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + status + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        TempDirectory.delete(directory);
    }
}
