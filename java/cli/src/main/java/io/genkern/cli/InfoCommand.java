package io.genkern.cli;

import io.genkern.SystemReport;
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
        out.println(new GenkernCli.Version().getVersion()[0]);
        out.print(SystemReport.describe(backendOption.selection()));
        out.flush();
    }
}
