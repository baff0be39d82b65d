package io.rynxs.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Entry bundles: big-endian uint16 length-prefixed entries (C2SP tlog-tiles, "Log entries"). */
class EntryBundleTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void entries_are_framed_by_a_big_endian_uint16_length() {
        byte[] bundle = EntryBundle.encode(List.of(new byte[] {1, 2, 3}, new byte[0], new byte[300]));
        assertThat(HEX.formatHex(bundle, 0, 8)).isEqualTo("0003010203" + "0000" + "01");
        assertThat(bundle[8]).isEqualTo((byte) 0x2c); // 300 = 0x012c
        assertThat(bundle).hasSize(5 + 2 + 302);
        assertThat(EntryBundle.decode(bundle)).hasSize(3).satisfies(e -> assertThat(e.get(0)).containsExactly(1, 2, 3));
    }

    @Test
    void a_rynxs_bundle_of_256_event_hashes_is_8704_bytes() {
        List<byte[]> hashes = IntStream.range(0, 256).mapToObj(i -> new byte[32]).toList();
        assertThat(EntryBundle.encode(hashes)).hasSize(256 * 34);
    }

    @Test
    void a_cut_or_overlong_bundle_is_refused_naming_the_offset() {
        assertThatThrownBy(() -> EntryBundle.decode(HEX.parseHex("0003aabb"))).hasMessageContaining("declares 3 bytes at byte 0");
        assertThatThrownBy(() -> EntryBundle.decode(HEX.parseHex("0001aa00"))).hasMessageContaining("cut short at byte 3");
        assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[65_536]))).hasMessageContaining("65536 bytes");
        assertThatThrownBy(() -> EntryBundle.encode(List.of())).hasMessageContaining("0 entries");
    }
}
