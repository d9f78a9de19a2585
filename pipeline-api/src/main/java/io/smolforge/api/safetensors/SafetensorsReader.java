package io.smolforge.api.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads safetensors files by memory-mapping each tensor's bytes on demand, so a multi-gigabyte
 * checkpoint costs no heap until a tensor is asked for.
 *
 * <p>Opens a single {@code .safetensors} file, a sharded checkpoint through its
 * {@code model.safetensors.index.json}, or a model directory holding either. Floating-point
 * tensors (F32, F16, BF16, F64) are widened or narrowed to {@code float[]} in Java; BF16 is never
 * handed to a native library (DJL aborts the JVM on BF16).
 */
public final class SafetensorsReader implements AutoCloseable {

    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String SINGLE_FILE = "model.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger headers are rejected as corrupt (the reference implementation uses the same bound). */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final Map<Path, FileChannel> channels;

    private SafetensorsReader(Map<String, TensorInfo> tensors, Map<String, String> metadata, Map<Path, FileChannel> channels) {
        this.tensors = tensors;
        this.metadata = metadata;
        this.channels = channels;
    }

    /**
     * Opens a {@code .safetensors} file, a {@code model.safetensors.index.json}, or a directory
     * containing one of them (the index wins when both are present).
     */
    public static SafetensorsReader open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path index = path.resolve(INDEX_FILE);
            if (Files.isRegularFile(index)) {
                return openIndex(index);
            }
            Path single = path.resolve(SINGLE_FILE);
            if (Files.isRegularFile(single)) {
                return openFiles(List.of(single));
            }
            try (Stream<Path> files = Files.list(path)) {
                List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
                if (found.isEmpty()) {
                    throw new SafetensorsException("no " + INDEX_FILE + " and no .safetensors file in " + path);
                }
                return openFiles(found);
            }
        }
        if (path.getFileName().toString().endsWith(".json")) {
            return openIndex(path);
        }
        return openFiles(List.of(path));
    }

    private static SafetensorsReader openIndex(Path index) throws IOException {
        JsonNode weightMap = JSON.readTree(index.toFile()).path("weight_map");
        if (!weightMap.isObject()) {
            throw new SafetensorsException(index + ": no \"weight_map\" object");
        }
        Set<String> shardNames = new java.util.TreeSet<>();
        weightMap.fields().forEachRemaining(e -> shardNames.add(e.getValue().asText()));
        List<Path> shards = new ArrayList<>();
        for (String shard : shardNames) {
            shards.add(index.resolveSibling(shard));
        }
        SafetensorsReader reader = openFiles(shards);
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            TensorInfo info = reader.tensors.get(entry.getKey());
            if (info == null || !info.file().getFileName().toString().equals(entry.getValue().asText())) {
                reader.close();
                throw new SafetensorsException(index + ": tensor '" + entry.getKey() + "' is listed in shard "
                        + entry.getValue().asText() + " but not found there");
            }
        }
        return reader;
    }

    private static SafetensorsReader openFiles(List<Path> files) throws IOException {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<Path, FileChannel> channels = new LinkedHashMap<>();
        try {
            for (Path file : files) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channels.put(file, channel);
                readHeader(file, channel, tensors, metadata);
            }
        } catch (IOException | RuntimeException e) {
            for (FileChannel channel : channels.values()) {
                channel.close();
            }
            throw e;
        }
        return new SafetensorsReader(tensors, metadata, channels);
    }

    private static void readHeader(Path file, FileChannel channel, Map<String, TensorInfo> tensors,
                                   Map<String, String> metadata) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new SafetensorsException(file + ": too short for a safetensors file (" + fileSize + " bytes)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileSize) {
            throw new SafetensorsException(file + ": invalid header length " + headerLength + " for a file of " + fileSize + " bytes");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SafetensorsException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new SafetensorsException(file + ": header is not a JSON object");
        }
        long dataBase = 8 + headerLength;
        long dataSize = fileSize - dataBase;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            TensorInfo info = parseEntry(file, name, node, dataBase, dataSize);
            TensorInfo previous = tensors.putIfAbsent(name, info);
            if (previous != null) {
                throw new SafetensorsException("tensor '" + name + "' appears in both " + previous.file() + " and " + file);
            }
        }
    }

    private static TensorInfo parseEntry(Path file, String name, JsonNode node, long dataBase, long dataSize) {
        String where = file + ": tensor '" + name + "'";
        SafetensorsDtype dtype = SafetensorsDtype.fromHeader(node.path("dtype").asText());
        if (dtype == null) {
            throw new SafetensorsException(where + ": unsupported dtype " + node.path("dtype"));
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsException(where + ": needs \"shape\" and two \"data_offsets\"");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new SafetensorsException(where + ": invalid shape " + shapeNode);
            }
            elements = Math.multiplyExact(elements, shape[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw new SafetensorsException(where + ": data_offsets " + offsets + " outside the data section of " + dataSize + " bytes");
        }
        if (end - begin != elements * dtype.byteSize()) {
            throw new SafetensorsException(where + ": " + (end - begin) + " bytes for shape " + shapeNode + " of " + dtype
                    + " (expected " + elements * dtype.byteSize() + ")");
        }
        return new TensorInfo(name, dtype, shape, file, dataBase + begin, end - begin);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new SafetensorsException("unexpected end of file");
            }
        }
    }

    /** Tensor names in header order (file by file for a sharded checkpoint). */
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The {@code __metadata__} entries (merged over all shards). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsException("no tensor '" + name + "' in " + describeFiles());
        }
        return info;
    }

    public long[] shape(String name) {
        return info(name).shape();
    }

    /** The tensor's raw little-endian bytes, memory-mapped (read-only). */
    public ByteBuffer bytes(String name) {
        TensorInfo info = info(name);
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsException("tensor '" + name + "' in " + info.file() + " is larger than 2 GiB; read it in slices");
        }
        try {
            return channels.get(info.file())
                    .map(FileChannel.MapMode.READ_ONLY, info.dataStart(), info.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("mapping tensor '" + name + "' of " + info.file(), e);
        }
    }

    /** A floating-point tensor as row-major {@code float[]}: F32 as is, F16 and BF16 widened, F64 narrowed. */
    public float[] floats(String name) {
        TensorInfo info = info(name);
        int count = checkedCount(info);
        ByteBuffer bytes = bytes(name);
        float[] out = new float[count];
        switch (info.dtype()) {
            case F32 -> bytes.asFloatBuffer().get(out);
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloat.toFloat(bytes.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) bytes.getDouble(8 * i);
                }
            }
            default -> throw new SafetensorsException("tensor '" + name + "' in " + info.file() + " is " + info.dtype()
                    + ", not a floating-point type");
        }
        return out;
    }

    /** An integer tensor (I64, I32, I16, I8, U8, U16, U32, BOOL) as {@code long[]}. */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        int count = checkedCount(info);
        ByteBuffer bytes = bytes(name);
        long[] out = new long[count];
        switch (info.dtype()) {
            case I64, U64 -> bytes.asLongBuffer().get(out);
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.getInt(4 * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.getInt(4 * i) & 0xffffffffL;
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.getShort(2 * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.getShort(2 * i) & 0xffff;
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.get(i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes.get(i) & 0xff;
                }
            }
            default -> throw new SafetensorsException("tensor '" + name + "' in " + info.file() + " is " + info.dtype()
                    + ", not an integer type");
        }
        return out;
    }

    /** An integer tensor as {@code int[]}; fails if a value does not fit. */
    public int[] ints(String name) {
        long[] values = longs(name);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    private int checkedCount(TensorInfo info) {
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException("tensor '" + info.name() + "' in " + info.file() + " has " + count
                    + " elements, too many for one Java array");
        }
        return (int) count;
    }

    private String describeFiles() {
        return channels.size() == 1 ? channels.keySet().iterator().next().toString()
                : channels.size() + " shards " + channels.keySet();
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
