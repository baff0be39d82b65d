package io.rynxs.cli;

import io.rynxs.config.ConfigException;
import io.rynxs.console.UsageException;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.shipping.ShippingConflictException;
import io.rynxs.store.IntegrityException;
import io.rynxs.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one place where failures become CLI output: a single line on stderr naming the command and the
 * problem (plus a JSON error object on stdout under {@code --json}), and exit code 2. Stack traces only
 * for bugs, never for bad input.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean expected = e instanceof StoreException || e instanceof InvalidEventException || e instanceof UsageException
                || e instanceof IllegalArgumentException || e instanceof UncheckedIOException || e instanceof IOException
                || e instanceof ObjectStoreException || e instanceof ShippingConflictException
                || e instanceof ConfigException;
        String message = message(e);
        // A log refused for writing is a verification failure (exit 1), not bad input.
        int code = e instanceof IntegrityException ? ExitCodes.VERIFICATION_FAILED : ExitCodes.USAGE_OR_IO;
        report(cli, parsed, message, code);
        if (!expected) {
            e.printStackTrace(cli.getErr());
        }
        return code;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String message = e.getMessage() + " (see " + cli.getCommandSpec().qualifiedName() + " --help)";
        report(cli, null, message, ExitCodes.USAGE_OR_IO);
        return ExitCodes.USAGE_OR_IO;
    }

    private static void report(CommandLine cli, CommandLine.ParseResult parsed, String message, int exitCode) {
        String name = cli.getCommandSpec().name();
        if (message.startsWith(name + ": ")) {
            message = message.substring(name.length() + 2);
        }
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + message.replace('\n', ' '));
        err.flush();
        if (parsed != null && wantsJson(parsed)) {
            cli.getOut().println(Json.write(new ErrorJson(false, message, exitCode)));
            cli.getOut().flush();
        }
    }

    private static boolean wantsJson(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--json");
    }

    private static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** What {@code --json} prints when a command fails. */
    private record ErrorJson(boolean ok, String error, int exitCode) {}
}
