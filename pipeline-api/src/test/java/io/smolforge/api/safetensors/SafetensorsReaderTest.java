package io.smolforge.api.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsReaderTest {

    @TempDir
    Path temp;

    static Path golden(String name) throws URISyntaxException {
        return Path.of(SafetensorsReaderTest.class.getResource("/golden/safetensors/" + name).toURI());
    }

    @Test
    void readsReferenceFileWithWidenedBf16AndMetadata() throws Exception {
        try (SafetensorsReader reader = SafetensorsReader.open(golden("written_by_reference.safetensors"))) {
            assertThat(reader.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(reader.shape("weight")).containsExactly(2, 3);
            assertThat(reader.floats("weight")).containsExactly(1.5f, -2.25f, 3.0f, 0.1f, 1e-30f, -7.0f);
            assertThat(reader.info("bias.bf16").dtype()).isEqualTo(SafetensorsDtype.BF16);
            assertThat(reader.floats("bias.bf16")).containsExactly(1.0f, -0.333984375f, 65536.0f, 0.00099945068359375f);
            assertThat(reader.longs("input_ids")).containsExactly(0, -100, 4101, 1L << 40);
            assertThat(reader.ints("row_lengths")).containsExactly(7, 11);
            assertThat(reader.shape("empty")).containsExactly(0, 4);
            assertThat(reader.floats("empty")).isEmpty();
        }
    }

    @Test
    void readsF16F64AndSmallIntegers() throws Exception {
        try (SafetensorsReader reader = SafetensorsReader.open(golden("read_only_types.safetensors"))) {
            assertThat(reader.floats("half")).containsExactly(1.0f, -0.5f, 6.097555160522461e-05f, 65504.0f, 5.960464477539063e-08f);
            assertThat(reader.floats("double")).containsExactly(3.1415927f, -1e-3f);
            assertThat(reader.longs("bytes")).containsExactly(0, 255, 7);
            assertThat(reader.longs("shorts")).containsExactly(-300, 300);
        }
    }

    @Test
    void opensShardedCheckpointThroughIndex() throws Exception {
        new SafetensorsWriter().putFloats("a", new float[] {1, 2}, 2).write(temp.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsWriter().putFloats("b", new float[] {3}, 1).write(temp.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(temp.resolve(SafetensorsReader.INDEX_FILE), """
                {"metadata": {"total_size": 12}, "weight_map": {
                  "a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}""");
        try (SafetensorsReader reader = SafetensorsReader.open(temp)) {
            assertThat(reader.names()).containsExactlyInAnyOrder("a", "b");
            assertThat(reader.floats("a")).containsExactly(1, 2);
            assertThat(reader.floats("b")).containsExactly(3);
            assertThat(reader.info("b").file().getFileName().toString()).isEqualTo("model-00002-of-00002.safetensors");
        }
    }

    @Test
    void indexNamingAMissingTensorIsAnError() throws Exception {
        new SafetensorsWriter().putFloats("a", new float[] {1}, 1).write(temp.resolve("s1.safetensors"));
        Files.writeString(temp.resolve(SafetensorsReader.INDEX_FILE), """
                {"weight_map": {"a": "s1.safetensors", "ghost": "s1.safetensors"}}""");
        assertThatThrownBy(() -> SafetensorsReader.open(temp))
                .isInstanceOf(SafetensorsException.class).hasMessageContaining("ghost");
    }

    @Test
    void missingTensorErrorNamesTensorAndFile() throws Exception {
        Path file = temp.resolve("one.safetensors");
        new SafetensorsWriter().putFloats("a", new float[] {1}, 1).write(file);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThatThrownBy(() -> reader.floats("model.norm.weight"))
                    .isInstanceOf(SafetensorsException.class)
                    .hasMessageContaining("model.norm.weight").hasMessageContaining("one.safetensors");
            assertThatThrownBy(() -> reader.longs("a")).hasMessageContaining("'a'").hasMessageContaining("F32");
        }
    }

    @Test
    void rejectsOffsetsThatDisagreeWithShape() throws Exception {
        Path file = temp.resolve("bad.safetensors");
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        Files.write(file, bytes.array());
        assertThatThrownBy(() -> SafetensorsReader.open(file))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("'w'").hasMessageContaining("expected 12");
    }

    @Test
    void rejectsTruncatedFile() throws IOException {
        Path file = temp.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsReader.open(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("short.safetensors");
    }
}
