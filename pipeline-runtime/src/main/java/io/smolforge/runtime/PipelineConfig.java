package io.smolforge.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Kafka-side settings shared by the services: {@code smolforge.pipeline.*}. */
@ConfigMapping(prefix = "smolforge.pipeline")
public interface PipelineConfig {
    /** Brokers, the same list the messaging channels use. */
    @WithName("bootstrap-servers")
    @WithDefault("${kafka.bootstrap.servers}")
    String bootstrapServers();

    /** Partitions of each topic created at start-up: the parallelism a stage can scale out to. */
    @WithDefault("3")
    int partitions();

    @WithDefault("1")
    short replicationFactor();
}
