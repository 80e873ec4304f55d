package io.genkern;

import io.genkern.nativ.GenkernNative;
import io.genkern.nativ.Native;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and chooses backends. The default comes from the system property {@code genkern.backend},
 * else the environment variable {@code GENKERN_BACKEND}, else {@code auto}: values {@code auto}
 * (CUDA when a usable device exists, else CPU), {@code cpu}, {@code cuda} or {@code cuda:N}.
 * The choice and its reason are visible in {@link #defaultSelection()} and {@code genkern info}.
 */
public final class Backends {
    public static final String PROPERTY = "genkern.backend";
    public static final String ENV = "GENKERN_BACKEND";

    /** A chosen backend and why it was chosen. */
    public record Selection(Backend backend, String reason) {}

    private static final Map<Integer, CudaBackend> CUDA = new ConcurrentHashMap<>();
    private static volatile Selection defaultSelection;

    private Backends() {}

    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    /** The CUDA device {@code index}; throws with the reason when it is not usable. */
    public static Backend cuda(int index) {
        CudaBackend b = CUDA.get(index);
        if (b != null) return b;
        CudaInfo info = cudaInfo(index);
        if (!info.usable()) throw new GenkernException(GenkernException.Status.UNSUPPORTED, "cuda:" + index + " is not usable: " + info.reason());
        return CUDA.computeIfAbsent(index, i -> new CudaBackend(i, info));
    }

    /** CUDA when device 0 is usable, else the CPU; the reason names what was found. */
    public static Selection auto() {
        CudaInfo info = cudaInfo(0);
        if (info.usable()) return new Selection(cuda(0), "auto: CUDA device 0 is usable (" + info.name() + ")");
        return new Selection(cpu(), "auto: CUDA unavailable (" + info.reason() + "), using the CPU");
    }

    /** Resolves a choice string: auto, cpu, cuda or cuda:N. */
    public static Selection select(String choice, String origin) {
        String c = choice.trim().toLowerCase(Locale.ROOT);
        if (c.isEmpty() || c.equals("auto")) {
            Selection a = auto();
            return origin.isEmpty() ? a : new Selection(a.backend(), a.reason() + " [" + origin + "]");
        }
        Device d = Device.parse(c);
        String why = "requested" + (origin.isEmpty() ? "" : " by " + origin);
        return new Selection(d.kind() == Device.Kind.CPU ? cpu() : cuda(d.index()), why);
    }

    /** The process-wide default, resolved once from the property, the environment, or auto. */
    public static Selection defaultSelection() {
        Selection s = defaultSelection;
        if (s == null) {
            synchronized (Backends.class) {
                if (defaultSelection == null) {
                    String prop = System.getProperty(PROPERTY), env = System.getenv(ENV);
                    if (prop != null && !prop.isBlank()) defaultSelection = select(prop, "-D" + PROPERTY + "=" + prop);
                    else if (env != null && !env.isBlank()) defaultSelection = select(env, ENV + "=" + env);
                    else defaultSelection = auto();
                }
                s = defaultSelection;
            }
        }
        return s;
    }

    public static Backend defaultBackend() {
        return defaultSelection().backend();
    }

    /** Overrides the process-wide default (e.g. from a --backend flag). */
    public static void setDefault(Backend backend, String reason) {
        defaultSelection = new Selection(backend, reason);
    }

    public static CpuInfo cpuInfo() {
        try (GenkernNative.gk_cpu_info info = new GenkernNative.gk_cpu_info()) {
            Native.check(GenkernNative.gk_cpu_query(info));
            return new CpuInfo(info.simd().getString(), info.threads(), info.hardware_threads());
        }
    }

    /** Sets the CPU backend's worker threads; n &lt;= 0 restores the default (GENKERN_NUM_THREADS or all hardware threads). */
    public static void setCpuThreads(int n) {
        Native.check(GenkernNative.gk_cpu_set_threads(n));
    }

    /** Never fails for lack of CUDA: the reason field says what is missing. */
    public static CudaInfo cudaInfo(int index) {
        try (GenkernNative.gk_cuda_info i = new GenkernNative.gk_cuda_info()) {
            Native.check(GenkernNative.gk_cuda_query(index, i));
            return new CudaInfo(i.compiled() != 0, i.device_count(), i.driver_version(), i.runtime_version(),
                    i.reason().getString(), i.name().getString(), i.sm_count(), i.cc_major(), i.cc_minor(),
                    i.total_memory(), i.free_memory(), i.l2_bytes(), i.shared_per_block_optin());
        }
    }

    public static String nativeVersion() {
        return GenkernNative.gk_version().getString();
    }
}
