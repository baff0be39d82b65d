package io.rynxs.store;

import io.rynxs.event.EventTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What was sealed and shipped (the segments table, docs/DESIGN.md, The store and Segments and the sink), so that shipping resumes exactly after a
 * restart: sealed rows carry the bytes to upload; shipped rows are final.
 */
public final class SegmentLedger {
    private static final String COLUMNS = "first, last, object_key, object_sha256, object, manifest_sha256, manifest, state,"
            + " sealed_at, shipped_at";
    /** {@link #COLUMNS} with NULL for the object bytes. */
    private static final String COLUMNS_WITHOUT_OBJECT = COLUMNS.replace(" object,", " NULL,");

    private final EventStore store;

    public SegmentLedger(EventStore store) {
        this.store = store;
    }

    /**
     * The newest segment row, sealed or shipped, without its object bytes ({@code object} is null): sealing asks
     * for it twice per segment, and a sealed row's object is the whole gzip segment (about 1.5 MB each).
     */
    public Optional<SegmentRecord> latest() {
        return store.read(h -> h.createQuery("SELECT " + COLUMNS_WITHOUT_OBJECT + " FROM segments ORDER BY first DESC LIMIT 1")
                .map(SegmentLedger::row).findOne());
    }

    /** Sealed rows not yet shipped, oldest first. */
    public List<SegmentRecord> unshipped() {
        return store.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM segments WHERE state = 'sealed' ORDER BY first")
                .map(SegmentLedger::row).list());
    }

    /** Shipped rows without their object bytes (dropped at shipping anyway), oldest first. */
    public List<SegmentRecord> shipped() {
        return store.read(h -> h.createQuery("SELECT " + COLUMNS_WITHOUT_OBJECT + " FROM segments WHERE state = 'shipped' ORDER BY first")
                .map(SegmentLedger::row).list());
    }

    /** Every row, oldest first. */
    public List<SegmentRecord> all() {
        return store.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM segments ORDER BY first").map(SegmentLedger::row).list());
    }

    /** Highest seq inside a shipped segment (0 if none). */
    public long shippedThrough() {
        return store.read(h -> h.createQuery("SELECT COALESCE(MAX(last), 0) FROM segments WHERE state = 'shipped'")
                .mapTo(Long.class).one());
    }

    /** Records a newly sealed segment; it must start right after the newest row. */
    public void sealed(SegmentRecord r) {
        long expected = latest().map(s -> s.last() + 1).orElse(1L);
        if (r.first() != expected || r.shipped()) {
            throw new StoreException("record sealed segment " + r.first() + ".." + r.last() + ": the next segment must start at "
                    + expected + " and be unshipped (another sealer runs on this database?)");
        }
        store.read(h -> h.createUpdate("INSERT INTO segments (" + COLUMNS + ") VALUES (:first, :last, :objectKey, :objectSha256,"
                        + " :object, :manifestSha256, :manifest, 'sealed', :sealedAt, NULL)")
                .bindMethods(r).execute());
    }

    /** Marks a sealed segment shipped and drops its object bytes. */
    public void shipped(long first, Instant at) {
        int n = store.read(h -> h.createUpdate("UPDATE segments SET state = 'shipped', object = NULL, shipped_at = :at"
                        + " WHERE first = :first AND state = 'sealed'")
                .bind("first", first).bind("at", EventTime.format(at)).execute());
        if (n != 1) {
            throw new StoreException("record shipped segment " + first + ": no sealed segment starts there");
        }
    }

    /** Records a segment that already exists in the store (restore): straight to shipped, without object bytes. */
    public void imported(SegmentRecord r) {
        store.read((Handle h) -> h.createUpdate("INSERT INTO segments (" + COLUMNS + ") VALUES (:first, :last, :objectKey,"
                        + " :objectSha256, NULL, :manifestSha256, :manifest, 'shipped', :sealedAt, :shippedAt)")
                .bindMethods(r).execute());
    }

    /** How reports name a sealed segment of the ledger. */
    static String sourceOf(long first, long last) {
        return "sealed segment " + first + "-" + last;
    }

    /** How reports name the sealed segment ending at {@code last}. */
    static String sourceOf(long last) {
        return "the sealed segment ending at " + last;
    }

    private static SegmentRecord row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SegmentRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBytes(5), rs.getString(6),
                rs.getBytes(7), "shipped".equals(rs.getString(8)), rs.getString(9), rs.getString(10));
    }
}
