package io.rynxs.segment;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.NoteVerifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sink's own signed checkpoints as evidence of how far the log reached: every object under {@code checkpoints/}
 * and the tiled log's {@code checkpoint}. Listed before the manifests are: writers upload segment, manifest, then
 * checkpoint, so a checkpoint listed first has its manifest already written, and a sink being shipped to while it is
 * verified is never taken for a cut one. Each note is opened with the verifier key; one that does not open proves
 * nothing (anyone who can write to the bucket can put bytes there) and is set aside with its reason.
 */
final class SinkCheckpoints {
    /** What the sink holds: anchors that verified, and the objects that did not. */
    record Found(List<Anchor> anchors, List<IgnoredCheckpoint> ignored) {}

    private final List<String> keys;
    private final String logKey;
    private final Optional<byte[]> logNote;

    private SinkCheckpoints(List<String> keys, String logKey, Optional<byte[]> logNote) {
        this.keys = keys;
        this.logKey = logKey;
        this.logNote = logNote;
    }

    /** Lists {@code checkpoints/} and reads the tiled log's checkpoint; call before listing the manifests. */
    static SinkCheckpoints list(ObjectStore store, SegmentLayout layout) {
        Optional<byte[]> logNote = store.get(layout.logCheckpointKey());
        return new SinkCheckpoints(store.list(layout.checkpointsPrefix()), layout.logCheckpointKey(), logNote);
    }

    /**
     * Reads and opens the listed notes but those the manifests' own checks read anyway: the checkpoint at the seq before
     * each listed manifest's first is its predecessor's, which the verification checks against that manifest. In an
     * honest sink this leaves the newest segment's checkpoint and the tiled log's, two reads however long the log.
     */
    Found open(ObjectStore store, SegmentLayout layout, Collection<Long> manifestFirsts, NoteVerifier key) {
        Set<String> checkedByManifests = new HashSet<>();
        manifestFirsts.stream().filter(first -> first > 1).forEach(first -> checkedByManifests.add(layout.checkpointKey(first - 1)));
        List<Anchor> anchors = new ArrayList<>();
        List<IgnoredCheckpoint> ignored = new ArrayList<>();
        for (String k : keys) {
            if (!checkedByManifests.contains(k)) {
                Optional<byte[]> note = store.get(k);
                if (note.isEmpty()) {
                    ignored.add(new IgnoredCheckpoint(k, "listed, then gone when read"));
                } else {
                    open(k, note.get(), key, anchors, ignored);
                }
            }
        }
        logNote.ifPresent(note -> open(logKey, note, key, anchors, ignored));
        return new Found(List.copyOf(anchors), List.copyOf(ignored));
    }

    private static void open(String source, byte[] note, NoteVerifier key, List<Anchor> anchors, List<IgnoredCheckpoint> ignored) {
        try {
            anchors.add(new Anchor(source, Checkpoint.open(note, key)));
        } catch (CheckpointException e) {
            ignored.add(new IgnoredCheckpoint(source, e.code() + ": " + e.getMessage()
                    + " (not signed by the verifier key, so it proves nothing and is not used)"));
        }
    }
}
