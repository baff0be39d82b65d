package io.rynxs.store;

import io.rynxs.event.EventTime;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The witnesses' cosignatures of the log's checkpoints (the cosignatures table): each is the signature line a
 * witness returned, kept against the checkpoint body it covers, so a note can be served with them and a proof
 * file carries them. Lines are stored only after they verified against the witness's key.
 */
public final class Cosignatures {
    private final EventStore store;

    public Cosignatures(EventStore store) {
        this.store = store;
    }

    /** A stored cosignature line of one witness. */
    public record Line(String witness, String line) {}

    /** Keeps {@code line} (one note signature line, with its newline) as {@code witness}'s cosignature of {@code body}. */
    public void add(long size, String body, String witness, String line, Instant at) {
        if (!line.startsWith("\u2014 ") || !line.endsWith("\n") || line.indexOf('\n') != line.length() - 1) {
            throw new IllegalArgumentException("cosignature of " + witness + ": not one signature line (\"— name base64\\n\")");
        }
        store.read(h -> h.createUpdate("INSERT OR IGNORE INTO cosignatures (tree_size, witness, body_sha256, line, cosigned_at)"
                        + " VALUES (:size, :witness, :body, :line, :at)")
                .bind("size", size).bind("witness", witness).bind("body", bodyHash(body)).bind("line", line)
                .bind("at", EventTime.format(at)).execute());
    }

    /** The stored lines for the checkpoint of {@code size} whose body is {@code body}, by witness name. */
    public List<Line> of(long size, String body) {
        return store.read(h -> h.createQuery("SELECT witness, line FROM cosignatures WHERE tree_size = :size AND body_sha256 = :body"
                        + " ORDER BY witness")
                .bind("size", size).bind("body", bodyHash(body))
                .map((rs, ctx) -> new Line(rs.getString(1), rs.getString(2))).list());
    }

    /** The largest tree size of at least {@code size} that some witness cosigned, if any. */
    public OptionalLong newestFrom(long size) {
        Long found = store.read(h -> h.createQuery("SELECT MAX(tree_size) FROM cosignatures WHERE tree_size >= :size")
                .bind("size", size).mapTo(Long.class).findOne().orElse(null));
        return found == null ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** {@code note} with the stored cosignature lines of its checkpoint appended (the note unchanged if there are none). */
    public String attach(long size, String note) {
        int end = note.indexOf("\n\n");
        if (end < 0) {
            return note;
        }
        String body = note.substring(0, end + 1);
        StringBuilder out = new StringBuilder(note);
        for (Line l : of(size, body)) {
            if (!note.contains(l.line())) {
                out.append(l.line());
            }
        }
        return out.toString();
    }

    private static String bodyHash(String body) {
        return Sha256.hex(body.getBytes(StandardCharsets.UTF_8));
    }
}
