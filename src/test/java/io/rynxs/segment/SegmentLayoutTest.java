package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SegmentLayoutTest {
    @Test
    void keys_are_zero_padded_to_twenty_digits_under_the_prefix() {
        SegmentLayout l = SegmentLayout.DEFAULT;
        assertThat(l.segmentKey(1, 10_000)).isEqualTo("events/segments/00000000000000000001-00000000000000010000.ndjson.gz");
        assertThat(l.manifestKey(10_001)).isEqualTo("events/manifests/00000000000000010001.json");
        assertThat(l.checkpointKey(20_000)).isEqualTo("events/checkpoints/00000000000000020000.note");
        assertThat(new SegmentLayout("").manifestKey(9_007_199_254_740_991L)).isEqualTo("manifests/00009007199254740991.json");
    }

    @Test
    void key_order_is_seq_order() {
        SegmentLayout l = new SegmentLayout("audit/prod/");
        assertThat(l.manifestKey(9)).isLessThan(l.manifestKey(10));
        assertThat(l.segmentKey(99, 100)).isLessThan(l.segmentKey(101, 1000));
    }

    @Test
    void segment_and_manifest_keys_parse_back_and_foreign_keys_do_not() {
        SegmentLayout l = SegmentLayout.DEFAULT;
        assertThat(l.parseSegmentKey(l.segmentKey(5, 17))).contains(new SegmentLayout.SeqRange(5, 17));
        assertThat(l.parseManifestKey(l.manifestKey(42))).contains(42L);
        assertThat(l.parseManifestKey("other/manifests/00000000000000000042.json")).isEmpty();
        assertThat(l.parseManifestKey("events/manifests/42.json")).isEmpty();
        assertThat(l.parseSegmentKey("events/segments/00000000000000000001-00000000000000000002.ndjson")).isEmpty();
    }

    @Test
    void a_prefix_must_be_empty_or_end_with_a_slash() {
        assertThatThrownBy(() -> new SegmentLayout("events")).hasMessageContaining("end with '/'");
        assertThatThrownBy(() -> new SegmentLayout("/events/")).hasMessageContaining("leading");
        assertThatThrownBy(() -> SegmentLayout.DEFAULT.manifestKey(0)).hasMessageContaining("below 1");
    }
}
