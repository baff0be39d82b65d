package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.merkle.MerkleHasher;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.tlog.TileVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiled log shipping writes beside the segments, on a real SQLite log of 50,000 events and a directory sink:
 * an independent reader built from the specs alone recomputes every tile and the root, {@code rynxs tiles verify}'s
 * verifier agrees, and each kind of tampering is named by the object.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TiledLogIT {
    private static final long EVENTS = 50_000;

    @TempDir
    static Path dir;
    private Path sink;

    @BeforeAll
    void a_log_of_50000_events_shipped_in_segments_of_7000() {
        sink = dir.resolve("sink");
        try (TestLog log = new TestLog(dir.resolve("log.db"), 20); ObjectStore objects = new LocalDirectoryObjectStore(sink)) {
            log.appendAudit(EVENTS / 2);
            log.shipper(objects, SegmentLayout.DEFAULT, 7_000).runOnce(true);
            log.appendAudit(EVENTS / 2);
            ShipResult r = log.shipper(objects, SegmentLayout.DEFAULT, 7_000).runOnce(true);
            assertThat(r.shippedThrough()).isEqualTo(EVENTS);
            assertThat(log.failures).isEmpty();
        }
    }

    @Test
    void an_independent_reader_recomputes_every_tile_and_the_root_from_the_segments() throws Exception {
        SpecTileReader.Result r = SpecTileReader.read(sink.resolve("events"), TestLog.SIGNER.verifierKey().toString());
        assertThat(r.difference()).isNull();
        assertThat(r.size()).isEqualTo(EVENTS);
        // 195 full level-0 tiles and one of width 80; one level-1 tile of width 195.
        assertThat(r.bundlesCompared()).isEqualTo(196);
        assertThat(r.tilesCompared()).isEqualTo(196 + 1);
    }

    @Test
    void partial_tiles_exist_for_every_shipped_checkpoint_and_nothing_else_is_there() throws IOException {
        // Segments end at 7000, 14000, 21000, 25000 (the first run's tail), 32000, ...: each size's partial level-0 tile.
        assertThat(sink.resolve("events/tile/0/027.p/88")).as("7000 = 27 * 256 + 88").exists();
        assertThat(sink.resolve("events/tile/0/097.p/168")).as("25000 = 97 * 256 + 168").exists();
        assertThat(sink.resolve("events/tile/entries/097.p/168")).exists();
        assertThat(sink.resolve("events/tile/1/000.p/97")).exists();
        try (Stream<Path> all = Files.walk(sink.resolve("events/tile/0"))) {
            assertThat(all.filter(Files::isRegularFile).filter(p -> p.toString().contains(".p/")).count())
                    .as("one per shipped segment end but 32,000 = 125 * 256, which has none").isEqualTo(7);
        }
        assertThat(Files.readString(sink.resolve("events/checkpoint"))).startsWith("rynxs.example/ship\n50000\n");
    }

    @Test
    void the_verifier_agrees_on_the_untouched_sink() {
        TileVerifier.Report r = verify(sink);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.treeSize()).isEqualTo(EVENTS);
        assertThat(r.bundles()).isEqualTo(196);
    }

    @Test
    void a_changed_hash_in_a_full_tile_is_named_by_the_tile() throws IOException {
        TileVerifier.Report r = tampered(s -> flip(s.resolve("events/tile/0/100"), 64));
        assertThat(r).extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.TILE_MISMATCH, "events/tile/0/100");
    }

    @Test
    void a_changed_entry_is_named_by_its_bundle_and_seq() throws IOException {
        TileVerifier.Report r = tampered(s -> flip(s.resolve("events/tile/entries/100"), 34 * 5 + 2));
        assertThat(r.code()).isEqualTo(TileVerifier.Code.ENTRY_MISMATCH);
        assertThat(r.object()).isEqualTo("events/tile/entries/100");
        assertThat(r.reason()).contains("seq " + (100 * 256 + 5 + 1));
    }

    @Test
    void a_changed_entry_in_the_partial_bundle_is_named_by_the_bundle() throws IOException {
        TileVerifier.Report r = tampered(s -> flip(s.resolve("events/tile/entries/195.p/80"), 2));
        assertThat(r).extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.ENTRY_MISMATCH, "events/tile/entries/195.p/80");
    }

    @Test
    void a_tile_and_bundle_changed_together_are_caught_by_the_level_above() throws IOException {
        // Rewrite entry 7 of bundle 3 and hash 7 of tile 0/3 consistently: only level 1 can tell.
        TileVerifier.Report r = tampered(s -> {
            byte[] bundle = read(s.resolve("events/tile/entries/003"));
            bundle[34 * 7 + 2] ^= 1;
            write(s.resolve("events/tile/entries/003"), bundle);
            byte[] tile = read(s.resolve("events/tile/0/003"));
            byte[] entry = Arrays.copyOfRange(bundle, 34 * 7 + 2, 34 * 7 + 2 + 32);
            System.arraycopy(MerkleHasher.leafHash(entry), 0, tile, 32 * 7, 32);
            write(s.resolve("events/tile/0/003"), tile);
        });
        assertThat(r).extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.TILE_MISMATCH, "events/tile/1/000.p/195");
    }

    @Test
    void a_missing_or_cut_tile_is_named() throws IOException {
        assertThat(tampered(s -> delete(s.resolve("events/tile/0/042")))).extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.MISSING_OBJECT, "events/tile/0/042");
        assertThat(tampered(s -> write(s.resolve("events/tile/1/000.p/195"), new byte[100])))
                .extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.TILE_MALFORMED, "events/tile/1/000.p/195");
        assertThat(tampered(s -> write(s.resolve("events/tile/entries/010"), new byte[] {0, 32, 1})))
                .extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.BUNDLE_MALFORMED, "events/tile/entries/010");
    }

    @Test
    void an_altered_checkpoint_is_named() throws IOException {
        TileVerifier.Report bigger = tampered(s -> {
            String note = new String(read(s.resolve("events/checkpoint")));
            write(s.resolve("events/checkpoint"), note.replaceFirst("\n50000\n", "\n50001\n").getBytes());
        });
        assertThat(bigger).extracting(TileVerifier.Report::code, TileVerifier.Report::object)
                .containsExactly(TileVerifier.Code.CHECKPOINT_INVALID, "events/checkpoint");
        assertThat(tampered(s -> delete(s.resolve("events/checkpoint")))).extracting(TileVerifier.Report::code)
                .isEqualTo(TileVerifier.Code.MISSING_OBJECT);
    }

    private TileVerifier.Report tampered(Consumer<Path> edit) throws IOException {
        Path copy = Files.createTempDirectory(dir, "copy");
        copyTree(sink, copy);
        edit.accept(copy);
        return verify(copy);
    }

    private static TileVerifier.Report verify(Path root) {
        try (ObjectStore objects = new LocalDirectoryObjectStore(root)) {
            return new TileVerifier(objects, SegmentLayout.DEFAULT.prefix(), TestLog.SIGNER.verifierKey()).verify();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void flip(Path file, int at) {
        byte[] b = read(file);
        b[at] ^= 0x01;
        write(file, b);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
