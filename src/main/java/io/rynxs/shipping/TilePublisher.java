package io.rynxs.shipping;

import io.rynxs.event.Sha256;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.store.EventStore;
import io.rynxs.tlog.EntryBundle;
import io.rynxs.tlog.Tile;
import io.rynxs.tlog.TileId;
import io.rynxs.tlog.TreeTiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the log as a C2SP tiled log beside the segments (docs/FORMAT.md, "The standard transparency log"): for
 * each shipped size, the hash tiles and entry bundles that became full since the last published size and the
 * partial ones of the new size, each written once ({@code If-None-Match: *}); then, separately, the mutable
 * {@code checkpoint} object. Runs on the shipping thread, after a segment's own objects are written.
 */
public final class TilePublisher {
    /** Tile and bundle writes in flight at once. */
    static final int IN_FLIGHT = 8;
    private static final Pattern SIZE_LINE = Pattern.compile("\\A[^\\n]+\\n(0|[1-9][0-9]{0,18})\\n");

    private final EventStore store;
    private final ObjectStore objects;
    private final SegmentLayout layout;
    private final String prefix;
    /** The size whose tiles are all written; -1 until read from the sink's checkpoint object. */
    private long tiled = -1;

    public TilePublisher(EventStore store, ObjectStore objects, SegmentLayout layout) {
        this.store = store;
        this.objects = objects;
        this.layout = layout;
        this.prefix = layout.prefix();
    }

    /** The key of the mutable checkpoint object. */
    public String checkpointKey() {
        return layout.logCheckpointKey();
    }

    /**
     * Writes the tiles and bundles the tree of {@code size} needs beyond what is written; returns how many objects it
     * wrote. The objects are independent of each other, so up to {@value #IN_FLIGHT} go at once (a tile is 8 KiB and a
     * shipped segment of 10,000 events needs about 80 of them: one at a time, the round trips dominate); the method
     * returns only when all are written, and the checkpoint that needs them is written after it.
     */
    public synchronized int tiles(long size) {
        long from = Math.min(tiledSize(), size);
        List<TileId> grown = TreeTiles.grown(from, size);
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
            Thread t = new Thread(r, "rynxs-tiles");
            t.setDaemon(true);
            return t;
        });
        Semaphore room = new Semaphore(2 * IN_FLIGHT);
        List<Future<?>> sent = new ArrayList<>();
        try {
            for (TileId id : grown) {
                if (id.level() == 0) {
                    List<byte[]> entries = store.eventHashes(id.firstLeaf() + 1, id.width());
                    sent.add(send(pool, room, prefix + id.entriesPath(), EntryBundle.encode(entries)));
                    entries.replaceAll(MerkleHasher::leafHash);
                    sent.add(send(pool, room, prefix + id.path(), Tile.encode(id, entries)));
                } else {
                    sent.add(send(pool, room, prefix + id.path(), Tile.encode(id, store.subtreeHashes(id.merkleLevel(), id.firstNode(), id.width()))));
                }
            }
            for (Future<?> f : sent) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        tiled = Math.max(tiled, size);
        return sent.size();
    }

    private Future<?> send(ExecutorService pool, Semaphore room, String key, byte[] bytes) {
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("publish tiles: interrupted", e);
        }
        return pool.submit(() -> {
            try {
                put(key, bytes);
            } finally {
                room.release();
            }
        });
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("publish tiles: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("publish tiles: " + e.getCause(), e.getCause());
        }
    }

    /** Replaces the checkpoint object with {@code note} (a checkpoint of a size whose tiles are written, with any cosignatures). */
    public synchronized void checkpoint(byte[] note) {
        long size = sizeOf(note).orElseThrow(() -> new IllegalArgumentException("publish checkpoint: the note has no tree size line"));
        if (size > tiled) {
            throw new IllegalStateException("publish checkpoint of size " + size + ": its tiles are written only to " + tiled
                    + " (report a bug)");
        }
        long current = objects.get(checkpointKey()).flatMap(TilePublisher::sizeOf).orElse(0L);
        if (current > size) {
            // Never move the published tree backwards (a replica that lags the bucket, a slower writer): the larger one stands.
            return;
        }
        objects.replace(checkpointKey(), note, Sha256.hex(note));
    }

    /** The size whose tiles are written: at first, that of the sink's checkpoint object (0 if there is none). */
    public synchronized long tiledSize() {
        if (tiled < 0) {
            tiled = objects.get(checkpointKey()).flatMap(TilePublisher::sizeOf).orElse(0L);
        }
        return tiled;
    }

    /** The tree size line of a checkpoint note, read for bookkeeping only (the note is ours; verifiers check signatures). */
    static Optional<Long> sizeOf(byte[] note) {
        Matcher m = SIZE_LINE.matcher(new String(note, 0, Math.min(note.length, 4096), StandardCharsets.UTF_8));
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    private void put(String key, byte[] bytes) {
        if (objects.putIfAbsent(key, bytes, Sha256.hex(bytes)) == PutResult.CONFLICT) {
            throw new ShippingConflictException(key, "publish " + objects.describe() + "/" + key + ": the tile exists with other bytes"
                    + " (another writer is publishing this log, or the bucket was altered; shipping stopped — run rynxs tiles verify)");
        }
    }
}
