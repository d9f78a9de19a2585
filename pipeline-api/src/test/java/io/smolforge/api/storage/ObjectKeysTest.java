package io.smolforge.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void followsTheDocumentedLayout() {
        assertThat(ObjectKeys.spec("abc")).isEqualTo("jobs/abc/spec.json");
        assertThat(ObjectKeys.messagesPart("abc", 0)).isEqualTo("jobs/abc/messages/part-00000.jsonl.gz");
        assertThat(ObjectKeys.tokensShard("abc", 12)).isEqualTo("jobs/abc/tokens/shard-00012.safetensors");
        assertThat(ObjectKeys.checkpoint("abc", 100)).isEqualTo("jobs/abc/checkpoints/step-000100/");
        assertThat(ObjectKeys.hubModel("HuggingFaceTB/SmolLM3-3B", "main"))
                .isEqualTo("hub/models/HuggingFaceTB/SmolLM3-3B/main/");
    }

    @Test
    void refusesSegmentsThatWouldEscapeTheLayout() {
        assertThatThrownBy(() -> ObjectKeys.spec("../other")).hasMessageContaining("../other");
        assertThatThrownBy(() -> ObjectKeys.hubModel("a/b/c", "main")).hasMessageContaining("org/name");
        assertThatThrownBy(() -> ObjectKeys.datasetUpload("d", "x/y.jsonl")).hasMessageContaining("x/y.jsonl");
    }
}
