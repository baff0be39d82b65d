package io.rynxs.cli;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs keygen}: a new Ed25519 checkpoint key named after the log's origin. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create an Ed25519 signing key (PKCS#8 PEM, mode 0600) and its C2SP verifier key.",
        footer = {"", "Example:", "  rynxs keygen --name rynxs.example/prod --out keys/",
                "  (writes keys/signing.key and keys/verifier.vkey; publish the verifier key to auditors)"})
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "ORIGIN",
            description = "Key name = the log's origin, stable for its life, e.g. rynxs.example/prod.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the two files into.")
    Path out;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Ed25519Signer signer;
        try {
            signer = Ed25519Signer.generate(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("keygen: " + e.getMessage());
        }
        Files.createDirectories(out);
        KeyFiles.write(out, signer);
        Generated result = new Generated(signer.verifierKey().toString(), out.resolve(KeyFiles.SIGNING_KEY).toString(),
                out.resolve(KeyFiles.VERIFIER_KEY).toString());
        Output.print(spec, json, result, signer.verifierKey().toString());
        return ExitCodes.OK;
    }

    private record Generated(String verifierKey, String signingKey, String verifierKeyFile) {}
}
