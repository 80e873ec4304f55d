package io.genkern.cli;

import io.genkern.Backends;
import io.genkern.CpuInfo;
import io.genkern.CudaInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/** {@code genkern info}: which backend runs and why, and what the machine offers. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the chosen backend and the reason, the CUDA device (name, SMs, memory, compute capability, driver and runtime) and the CPU backend's SIMD level and threads.")
final class InfoCommand implements Runnable {
    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Backends.Selection s = backendOption.selection();
        out.println(new GenkernCli.Version().getVersion()[0] + " (native library " + Backends.nativeVersion() + ")");
        out.println("backend: " + s.backend().description());
        out.println("  reason: " + s.reason());
        CpuInfo cpu = Backends.cpuInfo();
        out.println("cpu: simd " + cpu.simd() + ", " + cpu.threads() + " threads (" + cpu.hardwareThreads() + " hardware threads)");
        CudaInfo cuda = Backends.cudaInfo(0);
        out.println("cuda: backend " + (cuda.compiled() ? "compiled" : "not compiled (CPU-only build)") + ", runtime "
                + CudaInfo.version(cuda.runtimeVersion()) + ", driver " + CudaInfo.version(cuda.driverVersion()) + ", "
                + cuda.deviceCount() + " device(s)");
        for (int i = 0; i < Math.max(1, cuda.deviceCount()); i++) {
            CudaInfo d = i == 0 ? cuda : Backends.cudaInfo(i);
            if (!d.name().isEmpty()) {
                out.printf("  cuda:%d %s, compute capability %d.%d, %d SMs, %.1f GiB (%.1f GiB free), L2 %d MiB%n", i, d.name(),
                        d.ccMajor(), d.ccMinor(), d.smCount(), d.totalMemory() / 1073741824.0, d.freeMemory() / 1073741824.0,
                        d.l2Bytes() >> 20);
            }
            out.println("  cuda:" + i + (d.usable() ? " usable" : " unavailable: " + d.reason()));
        }
        out.flush();
    }
}
