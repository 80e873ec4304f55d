package io.genkern;

/**
 * What the native library found about one CUDA device. {@code reason} is empty when the device is
 * usable, otherwise it says why not ("no CUDA driver", "compute capability 7.5 &lt; 8.0", ...).
 */
public record CudaInfo(boolean compiled, int deviceCount, int driverVersion, int runtimeVersion, String reason,
                       String name, int smCount, int ccMajor, int ccMinor, long totalMemory, long freeMemory,
                       long l2Bytes, long sharedPerBlockOptin) {
    public boolean usable() {
        return reason.isEmpty();
    }

    /** CUDA encodes versions as 1000·major + 10·minor. */
    public static String version(int v) {
        return v == 0 ? "none" : (v / 1000) + "." + (v % 1000) / 10;
    }
}
