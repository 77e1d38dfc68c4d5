package dev.gatehouse.controller;

import dev.gatehouse.controller.cli.DemoCommand;
import dev.gatehouse.controller.cli.RunCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gatehouse}: the command line entry point ({@code java -jar gatehouse.jar ...}). */
@Command(name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Kubernetes Ingress controller with an embedded Netty reverse proxy.",
        subcommands = {RunCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LeakDetection.applyProductionLevel();
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::startFailed);
    }

    /**
     * A start-up failure the user can fix (a port in use, a file that cannot be opened) is one
     * line naming it, not a stack trace; anything else is a bug and keeps picocli's full report.
     */
    private static int startFailed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalStateException) {
            cmd.getErr().println("gatehouse: cannot start: " + e.getMessage());
            cmd.getErr().flush();
            return 1;
        }
        throw e;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use 'run' or 'demo'");
    }
}
