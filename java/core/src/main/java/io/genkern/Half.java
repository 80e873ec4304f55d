package io.genkern;

/**
 * Conversions between float32 and the 16-bit float formats (IEEE binary16 and bfloat16), rounding to
 * nearest even like the CUDA headers' {@code __float2half_rn} / {@code __float2bfloat16_rn}.
 */
public final class Half {
    private Half() {}

    public static float f16ToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: exact in float32
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    public static short floatToF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // Inf or NaN (keep NaN quiet and non-zero)
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 | ((abs >>> 13) & 0x3ff) : 0));
        }
        if (abs >= 0x477ff000) return (short) (sign | 0x7c00); // rounds past 65504: overflow to Inf
        if (abs < 0x38800000) { // result is subnormal in binary16 (or zero)
            int shift = 113 - (abs >>> 23);
            if (shift > 24) return (short) sign;
            int mant = (abs & 0x7fffff) | 0x800000;
            int half = mant >>> (shift + 13);
            int rest = mant & ((1 << (shift + 13)) - 1);
            int mid = 1 << (shift + 12);
            if (rest > mid || (rest == mid && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int rounded = abs + 0xfff + ((abs >>> 13) & 1); // round to nearest even at bit 13
        return (short) (sign | ((rounded - (112 << 23)) >>> 13));
    }

    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 0x40); // quiet NaN
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
