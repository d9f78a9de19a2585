package io.smolforge.api.safetensors;

/**
 * The element types of the safetensors format, named as in the file header.
 * Declared in the order the reference writer (huggingface/safetensors) sorts tensors by:
 * it writes the widest alignment first, then by name.
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    private final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** Parses a header dtype string; {@code null} when this reader does not know it. */
    static SafetensorsDtype fromHeader(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }
}
