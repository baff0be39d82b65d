package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Json;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventStore;
import io.rynxs.store.Head;
import io.rynxs.store.StoreOptions;
import io.rynxs.store.VerifyResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real jar: every case exits 2, says what is wrong in exactly one stderr line,
 * and leaves the log as it was (same head seq and hash, chain still verifying over the same events).
 */
class CliBadInputIT {
    private static final String APPEND = "append --db {db} --type AgentObserved --aggregate agent/default/alpha";

    @TempDir
    static Path dir;
    static Path db;
    static Head before;

    @BeforeAll
    static void three_events_and_the_input_files() throws IOException {
        db = dir.resolve("events.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            for (int i = 1; i <= 3; i++) {
                store.append(AppendRequest.of(NewEvent.of("AgentObserved", "agent/default/alpha", "{\"n\":" + i + "}", null,
                        JsonLimits.DEFAULT)));
            }
            before = store.head();
        }
        assertThat(before.seq()).isEqualTo(3);

        String good = "{\"type\":\"AgentObserved\",\"aggregate\":\"agent/default/alpha\",\"payload\":{\"ok\":true}}\n";
        Files.writeString(dir.resolve("big.ndjson"), "{\"type\":\"AgentObserved\",\"aggregate\":\"a/b\",\"payload\":{\"blob\":\""
                + "x".repeat(300 * 1024) + "\"}}\n");
        Files.writeString(dir.resolve("bad-line.ndjson"), good + "{\"type\":\"AgentObserved\",\"aggregate\":\"a/b\",\"payload\":{\"a\":1,}}\n" + good);
        Files.writeString(dir.resolve("unknown-field.ndjson"), good + "{\"type\":\"AgentObserved\",\"aggregate\":\"a/b\",\"extra\":1}\n" + good);
        writeWithBytes("invalid-utf8.ndjson", good + BAD_LINE + "__\"}}\n" + good, 0xff, 0xfe);
        writeWithBytes("overlong-utf8.ndjson", good + good + BAD_LINE + "__\"}}\n", 0xc0, 0xaf);
        writeWithBytes("surrogate-utf8.ndjson", good + BAD_LINE + "___\"}}\n", 0xed, 0xa0, 0x80);
        // A 3-byte sequence cut by the newline: the line's last two bytes.
        writeWithBytes("truncated-utf8.ndjson", good + BAD_LINE + "__\n" + good, 0xe2, 0x82);
    }

    /** The second to fifth lines of the NDJSON files start with this, so their bad bytes are at its length. */
    private static final String BAD_LINE = "{\"type\":\"AgentObserved\",\"aggregate\":\"a/b\",\"payload\":{\"s\":\"";
    private static final int BAD_AT = BAD_LINE.length();

    /** Writes {@code text} with its first run of as many underscores as {@code bytes} replaced by them. */
    private static void writeWithBytes(String file, String text, int... bytes) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(out, "_".repeat(bytes.length).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < bytes.length; i++) {
            out[at + i] = (byte) bytes[i];
        }
        Files.write(dir.resolve(file), out);
    }

    static Stream<Arguments> bad_inputs() {
        String deep = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
        return Stream.of(
                Arguments.of("trailing comma", APPEND + " --payload {\"a\":1,}", "expected a string key at offset 7"),
                Arguments.of("unquoted key", APPEND + " --payload {a:1}", "expected a string key at offset 1"),
                Arguments.of("single quotes", APPEND + " --payload {'a':'b'}", "expected a string key at offset 1"),
                Arguments.of("duplicate key", APPEND + " --payload {\"a\":1,\"a\":2}", "duplicate key \"a\""),
                Arguments.of("NaN", APPEND + " --payload {\"a\":NaN}", "unexpected character 'N'"),
                Arguments.of("2^53+1", APPEND + " --payload {\"a\":9007199254740993}", "integer 9007199254740993 is beyond"),
                Arguments.of("lone surrogate escape", APPEND + " --payload {\"a\":\"\\ud800\"}", "lone UTF-16 surrogate U+D800"),
                Arguments.of("lone surrogate escape in meta", APPEND + " --meta {\"a\":\"\\udc00\"}", "event meta: parse JSON: string holds a lone UTF-16 surrogate U+DC00"),
                Arguments.of("nesting 65 deep", APPEND + " --payload " + deep, "nesting deeper than 64 levels"),
                Arguments.of("array payload", APPEND + " --payload [1]", "expected an object, found an array"),
                Arguments.of("string payload", APPEND + " --payload \"x\"", "expected an object, found a string"),
                Arguments.of("unknown flag", APPEND + " --bogus", "Unknown option: '--bogus'"),
                Arguments.of("unknown flag on verify", "verify --db {db} --fast", "Unknown option: '--fast'"),
                Arguments.of("missing --db", "append --type AgentObserved --aggregate a/b", "Missing required option: '--db=FILE'"),
                Arguments.of("payload over --max-payload-bytes", APPEND + " --max-payload-bytes 100 --payload {\"s\":\"" + "y".repeat(200) + "\"}",
                        "208 bytes is over the limit of 100 bytes"),
                Arguments.of("300 KiB payload over the default limit", "append --db {db} --from-ndjson {dir}/big.ndjson",
                        "over the limit of 262144 bytes"),
                Arguments.of("invalid type name", "append --db {db} --type agentObserved --aggregate a/b", "event type \"agentObserved\" is not allowed"),
                Arguments.of("type with an underscore", "append --db {db} --type Agent_Observed --aggregate a/b", "event type \"Agent_Observed\" is not allowed"),
                Arguments.of("aggregate of 254 characters", "append --db {db} --type AgentObserved --aggregate " + "a".repeat(254),
                        "aggregate has 254 characters, over the limit of 253"),
                Arguments.of("one bad NDJSON line among good ones", "append --db {db} --from-ndjson {dir}/bad-line.ndjson",
                        "bad-line.ndjson line 2: parse JSON: expected a string key"),
                Arguments.of("NDJSON line with an unknown field", "append --db {db} --from-ndjson {dir}/unknown-field.ndjson",
                        "unknown-field.ndjson line 2: unknown field \"extra\""),
                Arguments.of("0xff in NDJSON", "append --db {db} --from-ndjson {dir}/invalid-utf8.ndjson",
                        "invalid-utf8.ndjson line 2: invalid UTF-8 at byte " + BAD_AT + " (0xff) (save the file as UTF-8; nothing was written)"),
                Arguments.of("an overlong slash in NDJSON", "append --db {db} --from-ndjson {dir}/overlong-utf8.ndjson",
                        "overlong-utf8.ndjson line 3: invalid UTF-8 at byte " + BAD_AT + " (0xc0)"),
                Arguments.of("an encoded surrogate in NDJSON", "append --db {db} --from-ndjson {dir}/surrogate-utf8.ndjson",
                        "surrogate-utf8.ndjson line 2: invalid UTF-8 at byte " + BAD_AT + " (0xed)"),
                Arguments.of("a sequence cut by the newline in NDJSON", "append --db {db} --from-ndjson {dir}/truncated-utf8.ndjson",
                        "truncated-utf8.ndjson line 2: invalid UTF-8 at byte " + BAD_AT + " (0xe2)"),
                Arguments.of("missing NDJSON file", "append --db {db} --from-ndjson {dir}/absent.ndjson", "no such file"),
                Arguments.of("negative --after-seq", "events --db {db} --after-seq -1", "--after-seq -1 is negative"),
                Arguments.of("--from-seq 0", "verify --db {db} --from-seq 0", "--from-seq must be 1 or more"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad_inputs")
    void bad_input_exits_2_with_one_stderr_line_and_writes_nothing(String name, String commandLine, String problem) {
        RynxsJar.Result r = RynxsJar.run(args(commandLine));

        assertThat(r.exit()).as("%s: %s", name, r).isEqualTo(2);
        assertThat(r.errLines()).as("%s: stderr", name).hasSize(1);
        assertThat(r.err()).as(name).contains(problem);
        assertThat(r.out()).as("%s: stdout (nothing appended, no JSON asked for)", name).isEmpty();
        assertLogUnchanged(db);
    }

    @Test
    void a_command_that_takes_a_sink_checks_the_s3_keys_as_serve_does() {
        RynxsJar.Result r = RynxsJar.run(Map.of("RYNXS_S3_ENDPOINT", "minio:9000"),
                List.of("segments", "list", "--from", "s3://rynxs-test/events/"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("rynxs segments list: configuration RYNXS_S3_ENDPOINT=\"minio:9000\" is not allowed"
                + " (an http:// or https:// URL with a host, e.g. http://minio:9000)");
    }

    @Test
    void a_missing_directory_is_named_and_nothing_is_created() {
        Path missing = dir.resolve("no-such-dir");
        RynxsJar.Result r = RynxsJar.run(args("append --db " + missing.resolve("events.db") + " --type AgentObserved --aggregate a/b"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("directory " + missing + " does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void a_directory_given_as_the_database_is_refused(@TempDir Path empty) throws IOException {
        RynxsJar.Result r = RynxsJar.run(args("append --db " + empty + " --type AgentObserved --aggregate a/b"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("this is a directory");
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).as("nothing created inside the directory").isEmpty();
        }
    }

    @Test
    void reading_a_missing_database_does_not_create_it() {
        Path absent = dir.resolve("absent.db");
        RynxsJar.Result r = RynxsJar.run(args("events --db " + absent));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("no such database");
        assertThat(absent).doesNotExist();
    }

    @Test
    void a_read_only_database_file_is_refused_and_left_untouched(@TempDir Path other) throws IOException {
        Path readOnly = other.resolve("read-only.db");
        Files.copy(db, readOnly);
        byte[] bytes = Files.readAllBytes(readOnly);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));

        RynxsJar.Result r = RynxsJar.run(args("append --db " + readOnly + " --type AgentObserved --aggregate a/b"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("file is read-only");
        assertThat(Files.readAllBytes(readOnly)).as("file bytes").isEqualTo(bytes);
        assertThat(other.resolve("read-only.db-wal")).doesNotExist();
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rw-r--r--"));
        assertLogUnchanged(readOnly);
    }

    @Test
    void a_checkpoint_note_that_is_not_utf8_fails_verification_as_malformed_naming_the_byte(@TempDir Path other) throws IOException {
        Path copy = other.resolve("events.db");
        Files.copy(db, copy);
        assertThat(RynxsJar.run("keygen", "--name", "rynxs.test/cli", "--out", other.resolve("keys").toString()).exit()).isZero();
        RynxsJar.Result created = RynxsJar.run("checkpoint", "create", "--db", copy.toString(), "--key",
                other.resolve("keys/signing.key").toString());
        assertThat(created.exit()).as(created.toString()).isZero();
        byte[] note = created.stdout();
        note[7] = (byte) 0xff;
        Path file = other.resolve("cp.note");
        Files.write(file, note);

        RynxsJar.Result r = RynxsJar.run("checkpoint", "verify", "--db", copy.toString(), "--vkey",
                other.resolve("keys/verifier.vkey").toString(), "--note", file.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED MALFORMED: open note: invalid UTF-8 at byte 7 (0xff)");
    }

    @Test
    void bad_input_under_json_still_writes_one_stderr_line_and_an_error_object() {
        RynxsJar.Result r = RynxsJar.run(args(APPEND + " --json --payload {\"a\":1,}"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(Json.parseObject(r.out().strip(), 8))
                .containsEntry("ok", false)
                .containsEntry("exitCode", 2L);
        assertLogUnchanged(db);
    }

    private static void assertLogUnchanged(Path file) {
        try (EventStore store = EventStore.open(StoreOptions.existing(file))) {
            assertThat(store.head()).as("head of " + file).isEqualTo(before);
            VerifyResult v = store.verify(1, 0);
            assertThat(v.ok()).as(v.toString()).isTrue();
            assertThat(v.checked()).isEqualTo(3);
        }
    }

    /** Splits on single spaces (no argument in the table holds one) and fills in the paths. */
    private static List<String> args(String commandLine) {
        return Stream.of(commandLine.split(" "))
                .map(a -> a.replace("{db}", db.toString()).replace("{dir}", dir.toString()))
                .toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("needle not found");
    }
}
