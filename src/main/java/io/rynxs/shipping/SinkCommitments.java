package io.rynxs.shipping;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.ShippedHashes;
import io.rynxs.store.Commitment;
import io.rynxs.store.ShippedLog;
import io.rynxs.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the sink says the log is, for the audit of a local database (docs/design/integrity.md): the signed
 * checkpoint of its newest segment, and the newest checkpoint it holds if that is larger (a tail whose
 * manifest was cut), each verified with the log's key; and, on demand, the hashes of shipped events, to name
 * the first local row that differs from them. Objects that do not verify are not used, and a note says so.
 */
public final class SinkCommitments implements ShippedLog {
    private final ObjectStore store;
    private final SegmentLayout layout;
    /** Manifest keys by the first seq they cover. */
    private final TreeMap<Long, String> manifests;
    private final List<Commitment> commitments;
    private final List<String> notes;
    private long cachedFirst = -1;
    private List<String> cached = List.of();

    private SinkCommitments(ObjectStore store, SegmentLayout layout, TreeMap<Long, String> manifests, List<Commitment> commitments,
                            List<String> notes) {
        this.store = store;
        this.layout = layout;
        this.manifests = manifests;
        this.commitments = commitments;
        this.notes = notes;
    }

    /** Lists the sink once and verifies its newest checkpoints; throws a {@link StoreException} when it cannot be read. */
    public static SinkCommitments read(ObjectStore store, SegmentLayout layout, NoteVerifier key) {
        try {
            TreeMap<Long, String> manifests = new TreeMap<>();
            for (String k : store.list(layout.manifestsPrefix())) {
                layout.parseManifestKey(k).ifPresent(first -> manifests.put(first, k));
            }
            List<Commitment> found = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            List<String> checkpointKeys = store.list(layout.checkpointsPrefix());
            String newestNote = checkpointKeys.isEmpty() ? null : checkpointKeys.get(checkpointKeys.size() - 1);
            if (!manifests.isEmpty()) {
                String manifestKey = manifests.lastEntry().getValue();
                Optional<Long> last = lastOf(store, manifestKey, notes);
                last.flatMap(l -> verified(store, layout.checkpointKey(l), key, notes)).ifPresent(found::add);
            }
            if (newestNote != null && found.stream().noneMatch(c -> newestNote.equals(layout.checkpointKey(c.size())))) {
                verified(store, newestNote, key, notes).ifPresent(found::add);
            }
            return new SinkCommitments(store, layout, manifests, List.copyOf(found), List.copyOf(notes));
        } catch (ObjectStoreException e) {
            throw new StoreException("read the sink " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The sink's signed commitments, largest last. */
    public List<Commitment> commitments() {
        return commitments;
    }

    /** What could not be used, and why (never a failure by itself). */
    public List<String> notes() {
        return notes;
    }

    /** The largest size the sink commits to (0 when it holds nothing signed). */
    public long head() {
        return commitments.stream().mapToLong(Commitment::size).max().orElse(0);
    }

    @Override
    public synchronized List<String> hashes(long first, long last) {
        List<String> out = new ArrayList<>();
        long seq = first;
        try {
            while (seq <= last) {
                Map.Entry<Long, String> segment = manifests.floorEntry(seq);
                if (segment == null) {
                    break;
                }
                if (cachedFirst != segment.getKey()) {
                    long[] start = {segment.getKey()};
                    cached = ShippedHashes.of(store, layout, segment.getValue(), start);
                    cachedFirst = segment.getKey();
                }
                int from = (int) (seq - cachedFirst);
                if (from >= cached.size()) {
                    break;
                }
                int to = (int) Math.min(cached.size(), last - cachedFirst + 1);
                out.addAll(cached.subList(from, to));
                seq = cachedFirst + to;
            }
        } catch (ObjectStoreException e) {
            throw new StoreException("read shipped segments from " + store.describe() + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Optional<Long> lastOf(ObjectStore store, String manifestKey, List<String> notes) {
        Optional<byte[]> bytes = store.get(manifestKey);
        if (bytes.isEmpty()) {
            notes.add(manifestKey + " was listed but is gone");
            return Optional.empty();
        }
        try {
            return Optional.of(Manifest.parse(bytes.get()).last());
        } catch (IllegalArgumentException e) {
            notes.add(manifestKey + " does not parse (" + e.getMessage() + "); not used");
            return Optional.empty();
        }
    }

    private static Optional<Commitment> verified(ObjectStore store, String noteKey, NoteVerifier key, List<String> notes) {
        Optional<byte[]> note = store.get(noteKey);
        if (note.isEmpty()) {
            notes.add(noteKey + " is missing; the newest segment's checkpoint was not used");
            return Optional.empty();
        }
        try {
            return Optional.of(Commitment.of(Checkpoint.open(note.get(), key), store.describe() + " " + noteKey));
        } catch (CheckpointException e) {
            notes.add(noteKey + " does not verify with the log's key (" + e.getMessage() + "); not used");
            return Optional.empty();
        }
    }
}
