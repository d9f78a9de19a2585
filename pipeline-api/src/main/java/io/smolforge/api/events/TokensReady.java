package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** Token shards are stored; published on {@link Topics#TOKENS_READY}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokensReady(int schemaVersion, String jobId, List<String> shardKeys, String statsKey,
                          long sequences, long tokens, double packingEfficiency,
                          Instant producedAt) implements PipelineEvent {

    public TokensReady {
        shardKeys = List.copyOf(shardKeys);
    }

    public static TokensReady of(String jobId, List<String> shardKeys, String statsKey, long sequences,
                                 long tokens, double packingEfficiency) {
        return new TokensReady(SCHEMA_VERSION, jobId, shardKeys, statsKey, sequences, tokens,
                packingEfficiency, Instant.now());
    }
}
