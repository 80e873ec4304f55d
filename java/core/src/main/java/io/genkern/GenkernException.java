package io.genkern;

/**
 * The one exception genkern throws for bad input and for native failures. Messages name every
 * offending value ("q has head dim 80 but k has 64", "tensor is on cuda:0, expected cpu").
 */
public class GenkernException extends RuntimeException {
    private final Status status;

    public GenkernException(String message) {
        this(Status.INVALID_ARGUMENT, message);
    }

    public GenkernException(String message, Throwable cause) {
        super(message, cause);
        this.status = Status.INTERNAL;
    }

    public GenkernException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    /** Mirrors {@code gk_status} in native/include/genkern/genkern.h. */
    public enum Status {
        OK, INVALID_ARGUMENT, OUT_OF_MEMORY, CUDA_ERROR, UNSUPPORTED, INTERNAL;

        public static Status of(int code) {
            Status[] all = values();
            return code >= 0 && code < all.length ? all[code] : INTERNAL;
        }
    }
}
