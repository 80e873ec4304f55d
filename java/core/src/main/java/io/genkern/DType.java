package io.genkern;

/** Element types. Codes match {@code gk_dtype} in native/include/genkern/genkern.h. */
public enum DType {
    F32(0, 4), F16(1, 2), BF16(2, 2), I32(3, 4), U8(4, 1);

    private final int code;
    private final int bytes;

    DType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
