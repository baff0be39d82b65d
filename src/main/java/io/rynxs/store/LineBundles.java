package io.rynxs.store;

import io.rynxs.event.LineFormat;
import io.rynxs.event.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read layout for pages of history: the canonical lines of every full run of {@link #size()} events,
 * pre-joined in one file per run next to the database ({@code events.db-lines/}), mapped read-only. A page
 * that falls in them is one or two memory copies instead of a hundred rows assembled by SQLite, which is
 * what a page cost (docs/design/line-bundles.md). Like snapshots, they are derived data, never a record:
 * written after the events are committed, checked against the log before use (structure, and the first and
 * last line's hash against the events table), rebuilt when missing or wrong. The tail after the last full
 * bundle is read from the table. Thread-safe: one writer ({@link #runOnce}), any number of readers.
 */
public final class LineBundles {
    private static final Logger LOG = LoggerFactory.getLogger(LineBundles.class);
    /** 4,096 events of about 700 bytes: about 3 MB a file, 245 files for a million events. */
    public static final int DEFAULT_SIZE = 4096;
    private static final String SUFFIX = ".lines";

    private final Path dir;
    private final int size;
    private final boolean writable;
    private final ConnectionPool pool;
    private final LongFunction<Optional<String>> hashAt;
    /** Bundle k covers seqs k*size+1 .. (k+1)*size; null where none is usable. Replaced, never changed. */
    private volatile LineBundle[] bundles = new LineBundle[0];
    private volatile boolean loaded;

    private LineBundles(Path dir, int size, boolean writable, ConnectionPool pool, LongFunction<Optional<String>> hashAt) {
        this.dir = dir;
        this.size = size;
        this.writable = writable;
        this.pool = pool;
        this.hashAt = hashAt;
    }

    /** The bundle directory of a database file. */
    public static Path directoryOf(Path db) {
        return db.resolveSibling(db.getFileName() + "-lines");
    }

    /**
     * The bundles of {@code db}. The directory is read and each file checked at first use (a page, a count,
     * a write), not here: most commands that open a store never read a page. Unusable files are deleted if
     * {@code writable}. {@code size} 0: none are read or written.
     */
    static LineBundles open(Path db, int size, boolean writable, ConnectionPool pool, LongFunction<Optional<String>> hashAt) {
        return new LineBundles(directoryOf(db), size, writable && size > 0, pool, hashAt);
    }

    public int size() {
        return size;
    }

    /** How many bundles are in use. */
    public int count() {
        ensureLoaded();
        int n = 0;
        for (LineBundle b : bundles) {
            if (b != null) n++;
        }
        return n;
    }

    private void ensureLoaded() {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    load();
                    loaded = true;
                }
            }
        }
    }

    private void load() {
        if (size == 0 || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp") && writable) {
                    Files.deleteIfExists(file);  // a write cut short
                    continue;
                }
                long first = firstSeqOf(name);
                if (first < 1 || (first - 1) % size != 0) {
                    continue;  // not ours, or written with another bundle size
                }
                LineBundle bundle;
                try {
                    bundle = LineBundle.map(file, first, size);
                    checkAgainstLog(bundle);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("line bundle {} is not used ({}); {}", file, e.getMessage(),
                            writable ? "deleted, it is rebuilt from the events table" : "pages there are read from the events table");
                    if (writable) {
                        Files.deleteIfExists(file);
                    }
                    continue;
                }
                publish(bundle);
            }
        } catch (IOException e) {
            LOG.warn("line bundles in {} are not used: {}", dir, e.getMessage());
        }
    }

    private Path fileOf(long firstSeq) {
        return dir.resolve(String.format("%020d", firstSeq) + SUFFIX);
    }

    private static long firstSeqOf(String name) {
        if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A bundle belongs to this log only if its first and last lines carry this log's hashes at those seqs. */
    private void checkAgainstLog(LineBundle b) throws IOException {
        for (long seq : new long[] {b.firstSeq(), b.lastSeq()}) {
            String expected = hashAt.apply(seq).orElse(null);
            byte[] line = b.line(seq);
            String actual = LinePage.hashOf(line, 0, line.length);
            if (actual == null || !actual.equals(expected)) {
                throw new IOException("line " + seq + " has hash " + actual + ", the log has "
                        + (expected == null ? "no event there" : expected));
            }
        }
    }

    private synchronized void publish(LineBundle b) {
        int k = (int) ((b.firstSeq() - 1) / size);
        LineBundle[] now = bundles;
        LineBundle[] next = Arrays.copyOf(now, Math.max(now.length, k + 1));
        next[k] = b;
        bundles = next;
    }

    /** The bundle holding {@code seq}, if there is one and every line of it was checked against the log (checked here at first use). */
    private LineBundle bundleOf(long seq, LineBundle[] all) {
        long k = (seq - 1) / size;
        LineBundle b = seq >= 1 && k < all.length ? all[(int) k] : null;
        return b == null || b.checked() || checkLines(b) ? b : null;
    }

    /**
     * Before a bundle serves its first page: every line must be this log's event at its seq, byte for byte.
     * The line without its hash member is hashed and compared with the table's hash at that seq, and the member
     * must carry that hash; only the canonical line of that event passes both. A bundle that fails (a line edited
     * on disk) is set aside as {@code .rejected}, and its pages come from the table. Costs one read of the
     * bundle's hashes and a SHA-256 over its bytes, about 2–4 ms per 4,096 events, once per bundle per process.
     */
    private synchronized boolean checkLines(LineBundle b) {
        if (b.checked()) {
            return true;
        }
        String bad;
        try {
            bad = firstBadLine(b);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("line bundle at seq {} could not be checked ({}); pages there are read from the events table", b.firstSeq(), e.getMessage());
            return false;
        }
        if (bad == null) {
            b.markChecked();
            return true;
        }
        Path file = fileOf(b.firstSeq());
        LOG.error("line bundle {} is not the log: {} (the file was altered on disk after it was written); no page is served from it, "
                + "pages there are read from the events table{}", file, bad, writable ? "; set aside as " + file.getFileName() + ".rejected" : "");
        LineBundle[] next = bundles.clone();
        int k = (int) ((b.firstSeq() - 1) / size);
        if (k < next.length && next[k] == b) {
            next[k] = null;
            bundles = next;
        }
        if (writable) {
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".rejected"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.warn("line bundle {} could not be set aside ({})", file, e.getMessage());
            }
        }
        return false;
    }

    /** The first line of {@code b} that is not this log's event at its seq, described, or null when all are. */
    private String firstBadLine(LineBundle b) throws SQLException {
        String[] hashes = new String[(int) (b.lastSeq() - b.firstSeq() + 1)];
        int n = pool.withStatement("SELECT hash FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq", ps -> {
            ps.setLong(1, b.firstSeq());
            ps.setLong(2, b.lastSeq());
            int i = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && i < hashes.length) {
                    hashes[i++] = rs.getString(1);
                }
            }
            return i;
        });
        if (n < hashes.length) {
            return "the log holds only " + n + " of its " + hashes.length + " events";
        }
        MessageDigest digest = Sha256.newDigest();
        for (int i = 0; i < hashes.length; i++) {
            long seq = b.firstSeq() + i;
            byte[] line = b.line(seq);
            int at = LineFormat.hashMemberAt(line, 0, line.length);
            int end = at + LineFormat.HASH_MEMBER_LENGTH - 1;
            if (at < 0 || end >= line.length || line[end] != '"') {
                return "line " + seq + " has no hash member";
            }
            String member = new String(line, at + LineFormat.HASH_MEMBER.length, 64, StandardCharsets.US_ASCII);
            digest.reset();
            digest.update(line, 0, at);
            digest.update(line, end + 1, line.length - end - 1);
            String recomputed = HexFormat.of().formatHex(digest.digest());
            if (!member.equals(hashes[i]) || !recomputed.equals(hashes[i])) {
                return "line " + seq + " hashes to " + recomputed + " and names " + member + ", the log's event " + seq + " is " + hashes[i];
            }
        }
        return null;
    }

    /**
     * Writes the bundles the log holds in full and this directory lacks, oldest first; returns how many.
     * Cheap when there is nothing to do. Called by {@code rynxs serve} in the background.
     */
    public int runOnce(long headSeq) {
        if (!writable) {
            return 0;
        }
        ensureLoaded();
        int written = 0;
        for (long k = 0; (k + 1) * size <= headSeq; k++) {
            LineBundle[] all = bundles;
            if (k < all.length && all[(int) k] != null) {
                continue;
            }
            try {
                publish(write(k * size + 1));
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException("line bundles: writing " + dir + " failed: " + e.getMessage()
                        + " (pages there are read from the events table meanwhile)", e);
            }
        }
        return written;
    }

    private LineBundle write(long firstSeq) throws IOException {
        byte[][] lines = readLines(firstSeq);
        Files.createDirectories(dir);
        Path file = fileOf(firstSeq);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                LineBundle.write(out, firstSeq, lines);
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A full disk: leave nothing half-written behind to take the space the log needs.
            Files.deleteIfExists(tmp);
            throw e;
        }
        return LineBundle.map(file, firstSeq, size);
    }

    private byte[][] readLines(long firstSeq) throws IOException {
        byte[][] lines = new byte[size][];
        try {
            pool.withStatement("SELECT seq, " + EventQueries.LINE + " FROM events WHERE seq >= ? AND seq < ? ORDER BY seq", ps -> {
                ps.setLong(1, firstSeq);
                ps.setLong(2, firstSeq + size);
                try (ResultSet rs = ps.executeQuery()) {
                    int i = 0;
                    while (rs.next()) {
                        if (rs.getLong(1) != firstSeq + i) {
                            throw new SQLException("seq " + (firstSeq + i) + " is missing (the log has a gap; run rynxs verify)");
                        }
                        lines[i++] = rs.getBytes(2);
                    }
                    if (i != size) {
                        throw new SQLException("only " + i + " of " + size + " events from seq " + firstSeq + " are in the log");
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("read events: " + e.getMessage(), e);
        }
        return lines;
    }

    /**
     * Forgets and deletes every bundle holding a seq after {@code afterSeq}: those events are leaving the
     * log ({@link Quarantine}), and the seqs will be reused by other events.
     */
    synchronized void dropAfter(long afterSeq) {
        ensureLoaded();
        LineBundle[] next = bundles.clone();
        for (int k = 0; k < next.length; k++) {
            if (next[k] != null && next[k].lastSeq() > afterSeq) {
                next[k] = null;
                try {
                    Files.deleteIfExists(fileOf((long) k * size + 1));
                } catch (IOException e) {
                    LOG.warn("line bundle at seq {} could not be deleted ({}); the next start checks it against the log",
                            k * size + 1, e.getMessage());
                }
            }
        }
        bundles = next;
    }

    /**
     * The page {@code q} asks for when it has no filters and its first events are in bundles: the run
     * there copied out, the rest (past the bundles, or past a missing one) from {@code table}. Null when
     * the bundles cannot serve it; the caller reads the table.
     */
    LinePage page(EventQuery q, Function<EventQuery, LinePage> table) {
        if (size == 0 || q.type() != null || q.aggregate() != null || q.since() != null || q.until() != null) {
            return null;
        }
        ensureLoaded();
        LineBundle[] all = bundles;
        return q.descending() ? descending(q, all) : ascending(q, all, table);
    }

    private LinePage ascending(EventQuery q, LineBundle[] all, Function<EventQuery, LinePage> table) {
        long lo = q.afterSeq() + 1;
        long hi = q.beforeSeq() > 0 ? Math.min(q.beforeSeq() - 1, q.afterSeq() + q.limit()) : q.afterSeq() + q.limit();
        if (hi < lo || bundleOf(lo, all) == null) {
            return null;
        }
        // The run the bundles hold: whole bundles until hi, or until one is missing.
        long end = lo - 1;
        int bytes = 0;
        while (end < hi) {
            LineBundle b = bundleOf(end + 1, all);
            if (b == null) break;
            long to = Math.min(hi, b.lastSeq());
            bytes += (end >= lo ? 1 : 0) + b.runLength(end + 1, to);
            end = to;
        }
        LinePage rest = LinePage.EMPTY;
        if (end < hi) {
            rest = table.apply(new EventQuery(end, q.beforeSeq(), (int) (hi - end), false, null, null, null, null));
        }
        int n = (int) (end - lo + 1);
        byte[] joined = new byte[bytes + (rest.size() > 0 ? 1 + rest.joined().length : 0)];
        long[] seqs = new long[n + rest.size()];
        int[] ends = new int[seqs.length];
        int at = 0;
        for (long s = lo; s <= end; ) {
            LineBundle b = bundleOf(s, all);
            long to = Math.min(end, b.lastSeq());
            if (s > lo) {
                joined[at++] = ',';
            }
            at = b.copyRun(s, to, joined, at);
            s = to + 1;
        }
        fillEnds(all, lo, end, seqs, ends);
        if (rest.size() > 0) {
            joined[at++] = ',';
            System.arraycopy(rest.joined(), 0, joined, at, rest.joined().length);
            for (int i = 0; i < rest.size(); i++) {
                seqs[n + i] = rest.seqs()[i];
                ends[n + i] = at + rest.ends()[i];
            }
        }
        return new LinePage(joined, seqs, ends);
    }

    private LinePage descending(EventQuery q, LineBundle[] all) {
        if (q.beforeSeq() == 0) {
            return null;  // the newest events: the tail, which is in the table
        }
        long hi = q.beforeSeq() - 1;
        long lo = Math.max(q.afterSeq() + 1, q.beforeSeq() - q.limit());
        if (hi < lo) {
            return null;
        }
        int bytes = -1;
        for (long s = hi; s >= lo; s--) {
            LineBundle b = bundleOf(s, all);
            if (b == null) {
                return null;
            }
            bytes += 1 + b.runLength(s, s);
        }
        byte[] joined = new byte[bytes];
        long[] seqs = new long[(int) (hi - lo + 1)];
        int[] ends = new int[seqs.length];
        int at = 0;
        for (long s = hi; s >= lo; s--) {
            int i = (int) (hi - s);
            if (i > 0) {
                joined[at++] = ',';
            }
            at = bundleOf(s, all).copyRun(s, s, joined, at);
            seqs[i] = s;
            ends[i] = at;
        }
        return new LinePage(joined, seqs, ends);
    }

    /** The seqs lo..end in order and their end offsets in the joined run. */
    private void fillEnds(LineBundle[] all, long lo, long end, long[] seqs, int[] ends) {
        int at = -1;
        for (long s = lo; s <= end; s++) {
            int i = (int) (s - lo);
            at += 1 + bundleOf(s, all).runLength(s, s);
            seqs[i] = s;
            ends[i] = at;
        }
    }

    @Override
    public String toString() {
        return "line bundles in " + dir + " (" + count() + " of " + size + " events each)";
    }
}
