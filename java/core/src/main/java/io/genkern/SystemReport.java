package io.genkern;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What genkern sees on this machine: the chosen backend and why, the CPU backend's SIMD level and
 * threads, and every CUDA device. {@code genkern info} prints it, and so does {@link #main} for
 * machines that carry only the core jar (the GPU bundle).
 */
public final class SystemReport {
    /** Exit code of {@code main --require-cuda} when no CUDA device is usable (the native tests' "skipped"). */
    public static final int NO_CUDA_EXIT_CODE = 77;

    private SystemReport() {}

    /** The report for a backend selection, one fact per line. */
    public static String describe(Backends.Selection selection) {
        StringBuilder out = new StringBuilder();
        out.append("native library ").append(Backends.nativeVersion()).append('\n');
        out.append("backend: ").append(selection.backend().description()).append('\n');
        out.append("  reason: ").append(selection.reason()).append('\n');
        CpuInfo cpu = Backends.cpuInfo();
        out.append("cpu: simd ").append(cpu.simd()).append(", ").append(cpu.threads()).append(" threads (")
                .append(cpu.hardwareThreads()).append(" hardware threads)\n");
        CudaInfo cuda = Backends.cudaInfo(0);
        out.append("cuda: backend ").append(cuda.compiled() ? "compiled" : "not compiled (CPU-only build)").append(", runtime ")
                .append(CudaInfo.version(cuda.runtimeVersion())).append(", driver ").append(CudaInfo.version(cuda.driverVersion()))
                .append(", ").append(cuda.deviceCount()).append(" device(s)\n");
        for (int i = 0; i < Math.max(1, cuda.deviceCount()); i++) {
            CudaInfo d = i == 0 ? cuda : Backends.cudaInfo(i);
            if (!d.name().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  cuda:%d %s, compute capability %d.%d, %d SMs, %.1f GiB (%.1f GiB free), L2 %d MiB%n",
                        i, d.name(), d.ccMajor(), d.ccMinor(), d.smCount(), d.totalMemory() / 1073741824.0,
                        d.freeMemory() / 1073741824.0, d.l2Bytes() >> 20));
            }
            out.append("  cuda:").append(i).append(d.usable() ? " usable" : " unavailable: " + d.reason()).append('\n');
        }
        return out.toString();
    }

    /**
     * Prints the report for the process default backend. With {@code --require-cuda} the exit code
     * says whether CUDA device 0 is usable: 0 if so, {@value #NO_CUDA_EXIT_CODE} if not; 2 with the
     * message when a setting is invalid (e.g. GENKERN_NUM_THREADS=0).
     */
    public static void main(String[] args) {
        boolean requireCuda = false;
        for (String a : args) {
            if (a.equals("--require-cuda")) requireCuda = true;
            else throw new IllegalArgumentException("unknown argument '" + a + "' (the only one is --require-cuda)");
        }
        PrintStream out = System.out;
        try {
            out.print(describe(Backends.defaultSelection()));
            out.flush();
            if (requireCuda && !Backends.cudaInfo(0).usable()) System.exit(NO_CUDA_EXIT_CODE);
        } catch (GenkernException e) {
            System.err.println("genkern: " + e.getMessage());
            System.exit(2);
        }
    }
}
