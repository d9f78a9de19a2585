package io.smolforge.api.safetensors;

/** IEEE 754 half precision (F16) and bfloat16 (BF16) conversions; Java 17 has no built-in for either. */
public final class HalfFloat {

    private HalfFloat() {
    }

    /** Widens an F16 bit pattern to float (exact). */
    public static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // subnormal (or zero): mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Narrows a float to BF16 bits with round-to-nearest-even, as torch does. */
    public static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Widens BF16 bits to float (exact). */
    public static float fromBfloat16(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }
}
