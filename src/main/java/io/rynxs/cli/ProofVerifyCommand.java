package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.event.InvalidUtf8Exception;
import io.rynxs.event.Utf8;
import io.rynxs.tlog.Policy;
import io.rynxs.tlog.ProofCheck;
import io.rynxs.tlog.ProofFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rynxs proof verify}: checks a tlog-proof file offline against a policy (or one log key); exit 1 names what failed. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a C2SP tlog-proof file with no database and no network: the event in it (or the hash given), the"
                + " checkpoint's log signature, the witnesses' cosignatures against the policy's quorum, and the inclusion path to"
                + " the signed root.",
        footer = {"", "Examples:", "  rynxs proof verify seq-3000.tlog-proof --policy audit.policy",
                "  rynxs proof verify seq-3000.tlog-proof --vkey keys/verifier.vkey --json"})
final class ProofVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .tlog-proof file.")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Trust trust;

    static final class Trust {
        @Option(names = "--policy", required = true, paramLabel = "FILE",
                description = "A C2SP tlog-policy file: the log key(s), the witnesses and the quorum the cosignatures must meet.")
        Path policy;

        @Option(names = "--vkey", required = true, paramLabel = "KEY",
                description = "The log's verifier key (string or file), with no witness required (quorum none).")
        String vkey;
    }

    @Option(names = "--hash", paramLabel = "HEX", description = "The event hash you hold (64 hex digits): the proof must be for it.")
    String hash;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        Policy policy = trust.policy != null ? policy(trust.policy) : Policy.ofLog(KeyFiles.readVerifierKey(trust.vkey));
        byte[] entry = null;
        if (hash != null) {
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new ParameterException(spec.commandLine(), "--hash " + hash + ": 64 lower-case hex digits (an event's hash)");
            }
            entry = HexFormat.of().parseHex(hash);
        }
        ProofCheck.Report r = ProofCheck.verify(read(file), policy, entry);
        if (r.ok()) {
            Output.print(spec, json, new Verified(true, r.seq(), r.treeSize(), r.origin(), r.cosigners(),
                    r.event() == null ? hash : r.event().hash()), "ok: " + r.message());
            return ExitCodes.OK;
        }
        Output.print(spec, json, new Failed(false, r.code().name(), r.message(), r.seq()), "FAILED " + r.code() + ": " + r.message());
        return ExitCodes.VERIFICATION_FAILED;
    }

    private static Policy policy(Path file) {
        try {
            return Policy.parse(Utf8.decode(Files.readAllBytes(file), "read policy " + file, "a policy file is UTF-8 text"));
        } catch (IOException e) {
            throw new UncheckedIOException("read policy " + file + ": " + e.getMessage(), e);
        } catch (InvalidUtf8Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            if (Files.size(file) > ProofFile.MAX_BYTES) {
                throw new IllegalArgumentException(file + ": larger than " + ProofFile.MAX_BYTES + " bytes, the most a proof file may be");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Verified(boolean ok, long seq, long treeSize, String origin, List<String> cosigners, String hash) {}

    private record Failed(boolean ok, String code, String message, long seq) {}
}
