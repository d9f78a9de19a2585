package io.smolforge.api.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects tensors and writes them as one safetensors file laid out like the reference writer
 * (huggingface/safetensors): tensors sorted by dtype alignment (widest first) then name, a compact
 * JSON header with {@code __metadata__} first (keys sorted; the reference leaves them in hash order), padded with spaces to a multiple of 8 bytes.
 * The same tensors therefore always give the same bytes.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *     .metadata("format", "pt")
 *     .putFloats("lm_head.weight", weights, vocab, hidden)
 *     .write(Path.of("model.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITE_CHUNK = 1 << 20;

    private record Entry(String name, SafetensorsDtype dtype, long[] shape, Object data) {
    }

    private final Map<String, String> metadata = new TreeMap<>();
    private final Map<String, Entry> entries = new HashMap<>();

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter metadata(Map<String, String> values) {
        metadata.putAll(values);
        return this;
    }

    /** Adds an F32 tensor. */
    public SafetensorsWriter putFloats(String name, float[] data, long... shape) {
        return putFloats(name, SafetensorsDtype.F32, data, shape);
    }

    /** Adds a floating-point tensor stored as F32 or BF16 (narrowed with round-to-nearest-even). */
    public SafetensorsWriter putFloats(String name, SafetensorsDtype dtype, float[] data, long... shape) {
        if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
            throw new IllegalArgumentException("tensor '" + name + "': float data can be written as F32 or BF16, not " + dtype);
        }
        return add(new Entry(name, dtype, shape.clone(), data), data.length);
    }

    /** Adds an I64 tensor. */
    public SafetensorsWriter putLongs(String name, long[] data, long... shape) {
        return add(new Entry(name, SafetensorsDtype.I64, shape.clone(), data), data.length);
    }

    /** Adds an I32 tensor. */
    public SafetensorsWriter putInts(String name, int[] data, long... shape) {
        return add(new Entry(name, SafetensorsDtype.I32, shape.clone(), data), data.length);
    }

    private SafetensorsWriter add(Entry entry, int length) {
        if (entry.name().equals("__metadata__")) {
            throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
        }
        long elements = 1;
        for (long dim : entry.shape()) {
            if (dim < 0) {
                throw new IllegalArgumentException("tensor '" + entry.name() + "': negative dimension in shape");
            }
            elements *= dim;
        }
        if (elements != length) {
            throw new IllegalArgumentException("tensor '" + entry.name() + "': " + length + " values for shape "
                    + java.util.Arrays.toString(entry.shape()) + " (" + elements + " elements)");
        }
        if (entries.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalArgumentException("tensor '" + entry.name() + "' added twice");
        }
        return this;
    }

    /** Writes the file (to a temporary sibling first, then moved into place, so readers never see half a file). */
    public void write(Path file) throws IOException {
        List<Entry> ordered = new ArrayList<>(entries.values());
        ordered.sort(Comparator.comparing(Entry::dtype).reversed().thenComparing(Entry::name));

        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Entry entry : ordered) {
            long size = byteLength(entry);
            ObjectNode node = header.putObject(entry.name());
            node.put("dtype", entry.dtype().name());
            var shape = node.putArray("shape");
            for (long dim : entry.shape()) {
                shape.add(dim);
            }
            var offsets = node.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + size);
            offset += size;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;

        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            writeFully(channel, head.flip());
            ByteBuffer chunk = ByteBuffer.allocateDirect(WRITE_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : ordered) {
                writeData(channel, entry, chunk);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long byteLength(Entry entry) {
        Object data = entry.data();
        int length = data instanceof float[] f ? f.length : data instanceof long[] l ? l.length : ((int[]) data).length;
        return (long) length * entry.dtype().byteSize();
    }

    private static void writeData(FileChannel channel, Entry entry, ByteBuffer chunk) throws IOException {
        int elementSize = entry.dtype().byteSize();
        int perChunk = WRITE_CHUNK / elementSize;
        int length = (int) (byteLength(entry) / elementSize);
        for (int start = 0; start < length; start += perChunk) {
            int end = Math.min(length, start + perChunk);
            int count = end - start;
            chunk.clear();
            switch (entry.dtype()) {
                case F32 -> chunk.asFloatBuffer().put((float[]) entry.data(), start, count);
                case I64 -> chunk.asLongBuffer().put((long[]) entry.data(), start, count);
                case I32 -> chunk.asIntBuffer().put((int[]) entry.data(), start, count);
                case BF16 -> {
                    float[] values = (float[]) entry.data();
                    for (int i = 0; i < count; i++) {
                        chunk.putShort(2 * i, HalfFloat.toBfloat16(values[start + i]));
                    }
                }
                default -> throw new IllegalStateException("unwritable dtype " + entry.dtype());
            }
            chunk.limit(count * elementSize);
            writeFully(channel, chunk);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
