package io.rynxs.console;

import io.rynxs.event.Json;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Writes a command's result: one JSON object under {@code --json}, a short human line otherwise. */
public final class Output {
    private Output() {}

    public static void print(CommandLine.Model.CommandSpec spec, boolean json, Map<String, Object> result, String human) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(result) : human);
        out.flush();
    }
}
