package io.rynxs.cli;

import io.rynxs.config.S3Section;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.event.NewEvent;
import io.rynxs.migration.LegacyChain;
import io.rynxs.migration.LegacyImport;
import io.rynxs.migration.LegacyLine;
import io.rynxs.migration.LegacyObjectPrefix;
import io.rynxs.migration.LegacyRecordException;
import io.rynxs.migration.LegacySource;
import io.rynxs.migration.VerifiedLegacyLog;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.shipping.S3ObjectStore;
import io.rynxs.shipping.S3Settings;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rynxs import-legacy}: verifies a whole rynxs-python log, then appends it as {@code legacy.*} events
 * and one {@code LegacyLogImported}. A broken legacy chain is exit 1 and nothing is written.
 */
@Command(name = "import-legacy", mixinStandardHelpOptions = true,
        description = "Verify a rynxs-python event log (v1 and v2 hash rules) and append it to this log.",
        footer = {"", "FILE_OR_DIR: a JSONL log (its .seg-NNNNNN rotations are read first, by number, then the file),",
                "a directory holding one such log, or a directory of <seq, 10 digits>.json objects.",
                "", "Examples:",
                "  rynxs import-legacy --from /var/lib/rynxs/logs/operator-events.log --db data/events.db --json",
                "  rynxs import-legacy --from ./s3-copy/events --db data/events.db",
                "  RYNXS_S3_ENDPOINT=http://minio:9000 rynxs import-legacy --from s3://old-operator/events/ --db data/events.db"})
final class ImportLegacyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Mixin
    LimitOptions limits;

    @Option(names = "--from", required = true, paramLabel = "FILE_DIR_OR_S3",
            description = "The rynxs-python log to import: its JSONL file (rotated .seg-NNNNNN files are found beside it), a directory"
                    + " of <seq>.json objects, or the S3 prefix holding them, s3://bucket/prefix/ (endpoint and credentials from"
                    + " RYNXS_S3_* and AWS_* as for the segment commands).")
    String from;

    @Option(names = "--allow-duplicate", description = "Import even if this database already holds a log with the same head hash.")
    boolean allowDuplicate;

    @Option(names = "--epoch", defaultValue = "0", description = "Writer epoch (default 0; refused if below the head's).")
    long epoch;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<NewEvent> events;
        VerifiedLegacyLog log;
        LegacySource source;
        S3ObjectStore bucket = null;
        try {
            if (from.startsWith("s3://")) {
                bucket = s3(from);
                source = objects(from, bucket);
            } else {
                source = LegacySource.of(Path.of(from));
            }
            List<LegacyLine> lines = source.read();
            log = LegacyChain.verify(lines);
            events = LegacyImport.events(log, source.name(), limits.toLimits());
        } catch (LegacyRecordException e) {
            return refused(e);
        } catch (IllegalArgumentException | ObjectStoreException e) {
            throw new UsageException("import-legacy " + from + ": " + e.getMessage() + " (nothing was written)");
        } finally {
            if (bucket != null) {
                bucket.close();
            }
        }
        try (EventStore store = EventStore.open(db.creating())) {
            if (!allowDuplicate) {
                refuseDuplicate(store, log.headHash());
            }
            // Each append names the head it extends, so a concurrent writer is a conflict, not an interleaving.
            long head = store.head().seq();
            List<AppendRequest> requests = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                requests.add(new AppendRequest(events.get(i), epoch, head + i, null));
            }
            List<Event> written = store.appendAll(requests);
            Imported out = new Imported(true, log.records().size(), log.headHash(), written.get(0).seq(), written.get(written.size() - 2).seq(),
                    written.get(written.size() - 1).seq());
            Output.print(spec, json, out, "imported " + log.records().size() + " legacy records as seq " + written.get(0).seq()
                    + ".." + written.get(written.size() - 2).seq() + "; legacy head " + log.headHash());
        }
        return ExitCodes.OK;
    }

    private static S3ObjectStore s3(String uri) {
        URI u = URI.create(uri);
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("\"" + uri + "\" names no bucket (use s3://bucket/prefix/)");
        }
        return new S3ObjectStore(S3Settings.of(u.getHost(), S3Section.load(System.getenv())));
    }

    /** The prefix of an s3:// URI as a key prefix: no leading '/', a trailing '/' unless empty (the bucket's root). */
    private static LegacySource objects(String uri, S3ObjectStore bucket) {
        String path = URI.create(uri).getPath();
        String prefix = path == null ? "" : path.replaceFirst("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        String keys = prefix;
        return new LegacyObjectPrefix(uri, prefix, new LegacyObjectPrefix.Objects() {
            @Override
            public List<String> keys() {
                return bucket.list(keys);
            }

            @Override
            public byte[] read(String key) throws IOException {
                return bucket.get(key).orElseThrow(() -> new IOException("object " + key + " disappeared while importing"));
            }
        });
    }

    private static void refuseDuplicate(EventStore store, String headHash) {
        EventQuery page = EventQuery.after(0, EventQuery.MAX_LIMIT).withType(LegacyImport.SUMMARY_TYPE);
        while (true) {
            List<Event> found = store.events(page);
            for (Event e : found) {
                if (LegacyImport.sameLog(e.payload(), headHash)) {
                    throw new UsageException("import-legacy: this database already holds the legacy log with head " + headHash
                            + " (imported at seq " + e.seq() + "; pass --allow-duplicate to import it again; nothing was written)");
                }
            }
            if (found.size() < page.limit()) {
                return;
            }
            page = EventQuery.after(found.get(found.size() - 1).seq(), EventQuery.MAX_LIMIT).withType(LegacyImport.SUMMARY_TYPE);
        }
    }

    private int refused(LegacyRecordException e) {
        Refused out = new Refused(false, e.file(), e.line(), e.legacySeq() == null ? Json.NULL : e.legacySeq(), e.reason());
        Output.print(spec, json, out, "REFUSED " + e.getMessage() + " (nothing was written)");
        return ExitCodes.VERIFICATION_FAILED;
    }

    private record Imported(boolean ok, long records, String legacyHead, long firstSeq, long lastSeq, long summarySeq) {}

    /** Why a legacy log was refused; {@code legacySeq} is JSON null when the record had none. */
    private record Refused(boolean ok, String file, long line, Object legacySeq, String reason) {}
}
