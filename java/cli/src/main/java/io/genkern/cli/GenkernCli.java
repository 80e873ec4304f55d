package io.genkern.cli;

import io.genkern.GenkernException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genkern} command: subcommands for each job, {@code --help} on each. */
@Command(name = "genkern", mixinStandardHelpOptions = true, versionProvider = GenkernCli.Version.class,
        description = "Generative kernels on the JVM: fused attention, diffusion sampling, motion and image generation.",
        subcommands = {MotionCommand.class, ImageCommand.class, ImageSetCommand.class, ImageEvalCommand.class, InfoCommand.class, AttentionCommand.class, SampleCommand.class,
            MotionLibraryCommand.class, MotionEvalCommand.class,
            CommandLine.HelpCommand.class})
public final class GenkernCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (tests set its output writers). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GenkernCli());
        // genkern's own errors are user errors: print the message, not a stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof GenkernException) {
                cmd.getErr().println("genkern: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        // -V on every subcommand prints the same version line as on the top command.
        for (CommandLine sub : cli.getSubcommands().values()) sub.getCommandSpec().versionProvider(new Version());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GenkernCli.class.getPackage().getImplementationVersion();
            return new String[] {"genkern " + (v == null ? "dev" : v)};
        }
    }
}
