package io.genkern;

import java.util.Locale;

/** Where a tensor's memory lives: {@code cpu} or {@code cuda:N}. */
public record Device(Kind kind, int index) {
    /** Codes match {@code gk_device} in native/include/genkern/genkern.h. */
    public enum Kind {
        CPU, CUDA;

        public int code() {
            return ordinal();
        }
    }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == null) throw new GenkernException("device kind is null");
        if (index < 0) throw new GenkernException("device index " + index + " is negative");
        if (kind == Kind.CPU && index != 0) throw new GenkernException("the cpu device has no index (got " + index + ")");
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda} (= cuda:0) or {@code cuda:N}. */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new GenkernException("unknown device '" + s + "'; expected cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
