package io.rynxs.segment;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.MerkleHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a log's segments the way the shipper does, without a database: for verifier tests. */
final class SegmentFixture {
    static final Ed25519Signer SIGNER = Ed25519Signer.fromSeed("rynxs.example/test", new byte[32]);
    static final String SEALED_AT = "2026-11-26T10:00:00.000Z";

    final MemoryObjectStore store = new MemoryObjectStore();
    final SegmentLayout layout = SegmentLayout.DEFAULT;
    final List<Event> events = new ArrayList<>();
    final List<Manifest> manifests = new ArrayList<>();

    /** A log of {@code sizes.length} segments with those event counts. */
    static SegmentFixture of(int... sizes) {
        SegmentFixture f = new SegmentFixture();
        String prev = Sha256.ZERO_HEX;
        long seq = 0;
        for (int size : sizes) {
            for (int i = 0; i < size; i++) {
                seq++;
                Event e = Event.seal(new NewEvent("audit.ToolInvoked", "session/s" + (seq % 3),
                        CanonicalJson.of(Map.of("tool", "t" + seq, "n", seq)), CanonicalJson.EMPTY), seq,
                        "2026-11-26T10:00:00.000Z", seq / 7, prev);
                f.events.add(e);
                prev = e.hash();
            }
        }
        CompactRange tree = CompactRange.empty();
        String previousManifest = Sha256.ZERO_HEX;
        int from = 0;
        for (int size : sizes) {
            List<Event> segment = f.events.subList(from, from + size);
            segment.forEach(e -> tree.append(MerkleHasher.leafHash(e.hashBytes())));
            byte[] object = SegmentFile.encode(segment);
            Manifest m = SegmentFile.manifest(SIGNER.verifierKey().name(), segment, tree.root().hex(), object,
                    previousManifest, SEALED_AT);
            Event last = segment.get(segment.size() - 1);
            byte[] note = new Checkpoint(m.origin(), m.last(), tree.root().bytes(), last.hash(), "a".repeat(64)).sign(SIGNER);
            f.put(f.layout.segmentKey(m.first(), m.last()), object);
            f.put(f.layout.manifestKey(m.first()), m.toBytes());
            f.put(f.layout.checkpointKey(m.last()), note);
            f.manifests.add(m);
            previousManifest = m.sha256();
            from += size;
        }
        return f;
    }

    void put(String key, byte[] bytes) {
        store.putIfAbsent(key, bytes, Sha256.hex(bytes));
    }

    SegmentReport verify() {
        return new SegmentVerifier(store, layout, SIGNER.verifierKey()).verify();
    }

    Manifest manifest(int i) {
        return manifests.get(i);
    }
}
