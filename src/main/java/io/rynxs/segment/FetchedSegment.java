package io.rynxs.segment;

import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.MerkleHasher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * One segment read from the store and checked on its own, so that this work can run ahead of the
 * in-order checks on another thread: its manifest (bytes and parsed), its object (bytes, SHA-256, lines
 * decoded and canonical-checked, their Merkle leaf hashes) and its checkpoint note. Nothing here depends
 * on the segments before it; {@link SegmentVerifier} checks the chain, links and roots in seq order and
 * reports a problem found here only when the lines before it have passed.
 */
final class FetchedSegment {
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    final String manifestKey;
    /** Null when the manifest is gone. */
    byte[] manifestBytes;
    Manifest manifest;
    /** Why the manifest did not parse, if it did not. */
    String manifestError;
    String objectKey;
    /** Null when the object is not in the store (or was not fetched because the manifest is unusable). */
    byte[] object;
    String objectSha256;
    /** The lines that decoded, in object order, up to the first that did not. */
    final List<SegmentLine> lines = new ArrayList<>();
    final List<byte[]> leaves = new ArrayList<>();
    /** Set when the object fails on its own after {@link #lines}: LINE_MALFORMED or OBJECT_CORRUPT. */
    SegmentCode lineCode;
    String lineReason;
    /** Null when there is no checkpoint at the segment's last seq. */
    byte[] note;

    private FetchedSegment(String manifestKey) {
        this.manifestKey = manifestKey;
    }

    /** Fetches and decodes everything a segment needs; store I/O errors propagate as they are. */
    static FetchedSegment fetch(ObjectStore store, SegmentLayout layout, String manifestKey) {
        FetchedSegment f = new FetchedSegment(manifestKey);
        f.manifestBytes = store.get(manifestKey).orElse(null);
        if (f.manifestBytes == null) {
            return f;
        }
        try {
            f.manifest = Manifest.parse(f.manifestBytes);
        } catch (IllegalArgumentException e) {
            f.manifestError = e.getMessage();
            return f;
        }
        Manifest m = f.manifest;
        if (!m.object().equals(SegmentLayout.segmentName(m.first(), m.last()))) {
            return f;
        }
        f.objectKey = layout.segmentKey(m.first(), m.last());
        f.object = store.get(f.objectKey).orElse(null);
        if (f.object == null) {
            return f;
        }
        f.objectSha256 = Sha256.hex(f.object);
        f.decode();
        Optional<byte[]> note = store.get(layout.checkpointKey(m.last()));
        f.note = note.orElse(null);
        return f;
    }

    /** The events of the decoded lines. */
    List<Event> events() {
        List<Event> out = new ArrayList<>(lines.size());
        for (SegmentLine l : lines) {
            out.add(l.event());
        }
        return out;
    }

    private void decode() {
        byte[] data = new byte[Math.max(64 * 1024, (int) Math.min(Integer.MAX_VALUE - 16, object.length * 8L))];
        int size = 0;
        String corrupt = null;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(object), 64 * 1024)) {
            int n;
            while ((n = in.read(data, size, data.length - size)) >= 0) {
                size += n;
                if (size == data.length) {
                    if (data.length >= Integer.MAX_VALUE - 16) {
                        throw new IOException("the object inflates to more than 2 GiB");
                    }
                    data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 16, data.length * 2L));
                }
            }
        } catch (IOException e) {
            corrupt = "not a complete gzip stream: " + e.getMessage() + " (the object was truncated or altered)";
        }
        MessageDigest digest = Sha256.newDigest();
        int start = 0;
        for (int i = 0; i < size; i++) {
            if (data[i] != '\n') {
                continue;
            }
            if (!line(data, start, i, digest)) {
                return;
            }
            start = i + 1;
        }
        if (size - start > MAX_LINE_BYTES) {
            fail(SegmentCode.LINE_MALFORMED, "line longer than " + MAX_LINE_BYTES + " bytes");
        } else if (corrupt != null) {
            fail(SegmentCode.OBJECT_CORRUPT, corrupt);
        } else if (start < size) {
            fail(SegmentCode.LINE_MALFORMED, "the last line does not end in a newline (the object was truncated)");
        }
    }

    private boolean line(byte[] data, int from, int to, MessageDigest digest) {
        if (to - from > MAX_LINE_BYTES) {
            fail(SegmentCode.LINE_MALFORMED, "line longer than " + MAX_LINE_BYTES + " bytes");
            return false;
        }
        SegmentLine line;
        try {
            line = SegmentLine.read(data, from, to, digest);
        } catch (InvalidEventException | IllegalArgumentException e) {
            fail(SegmentCode.LINE_MALFORMED, e.getMessage());
            return false;
        }
        lines.add(line);
        leaves.add(MerkleHasher.leafHash(line.storedHash()));
        return true;
    }

    private void fail(SegmentCode code, String reason) {
        lineCode = code;
        lineReason = reason;
    }
}
