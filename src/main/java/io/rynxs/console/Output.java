package io.rynxs.console;

import io.rynxs.event.Json;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Writes a command's result: one JSON object under {@code --json} (a record or a map), a short human line otherwise. */
public final class Output {
    private Output() {}

    public static void print(CommandLine.Model.CommandSpec spec, boolean json, Object result, String human) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(result) : human);
        out.flush();
    }
}
