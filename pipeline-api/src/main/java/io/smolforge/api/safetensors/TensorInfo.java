package io.smolforge.api.safetensors;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lives: its header entry plus the file it is in.
 *
 * @param dataStart absolute byte offset in {@code file} of the first element
 * @param byteLength length of the tensor's data in bytes
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, Path file, long dataStart, long byteLength) {

    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " in " + file.getFileName();
    }
}
