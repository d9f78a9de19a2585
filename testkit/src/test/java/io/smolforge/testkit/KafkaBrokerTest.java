package io.smolforge.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestInfrastructureExtension.class)
class KafkaBrokerTest {

    @Test
    void recordProducedToTheBrokerIsConsumedBack() throws Exception {
        String topic = "testkit-" + UUID.randomUUID();
        String bootstrap = TestInfrastructure.kafkaBootstrap();
        assertThat(bootstrap).startsWith("127.0.0.1:");

        RecordMetadata written;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            written = producer.send(new ProducerRecord<>(topic, "job-1", "{\"state\":\"QUEUED\"}")).get();
        }

        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }

        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("job-1");
            assertThat(r.value()).isEqualTo("{\"state\":\"QUEUED\"}");
            assertThat(r.partition()).isEqualTo(written.partition());
        });
    }

    @Test
    void startingTwiceReusesTheRunningServers() {
        String first = TestInfrastructure.kafkaBootstrap();
        TestInfrastructure.start();

        assertThat(TestInfrastructure.kafkaBootstrap()).isEqualTo(first);
        assertThat(TestInfrastructure.applicationConfig())
                .containsEntry("kafka.bootstrap.servers", first)
                .containsEntry("smolforge.s3.bucket", TestInfrastructure.BUCKET)
                .containsKeys("smolforge.s3.endpoint", "smolforge.s3.region", "smolforge.s3.access-key", "smolforge.s3.secret-key");
    }
}
