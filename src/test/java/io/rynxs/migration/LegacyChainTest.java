package io.rynxs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The legacy chain check against the golden logs, and every kind of tampering it must name. */
class LegacyChainTest {
    static Stream<LegacyFixtures.Golden> golden() {
        return LegacyFixtures.GOLDEN.stream();
    }

    @ParameterizedTest
    @MethodSource("golden")
    void each_golden_log_verifies_to_the_readme_count_last_seq_and_head(LegacyFixtures.Golden g) throws IOException {
        List<String> texts = LegacyFixtures.lines(g.path());

        VerifiedLegacyLog log = LegacyChain.verify(LegacyFixtures.asLines(g.file(), texts));

        assertThat(log.records()).hasSize(g.records());
        assertThat(log.lastSeq()).isEqualTo(g.lastSeq());
        assertThat(log.headHash()).isEqualTo(g.head());
        HashVersion version = g.file().startsWith("v1") ? HashVersion.V1 : HashVersion.V2;
        assertThat(log.count(version)).isEqualTo(g.records());
        for (LegacyRecord r : log.records()) {
            assertThat(r.computeHash()).as("seq " + r.seq()).isEqualTo(r.eventHash());
        }
    }

    @Test
    void a_mixed_log_hashes_each_record_by_its_own_version() throws IOException {
        VerifiedLegacyLog log = LegacyChain.verify(LegacyFixtures.asLines("mixed", LegacyFixtures.lines(LegacyFixtures.MIXED)));

        assertThat(log.headHash()).isEqualTo(LegacyFixtures.MIXED_HEAD);
        assertThat(log.count(HashVersion.V1)).isEqualTo(6);
        assertThat(log.count(HashVersion.V2)).isEqualTo(6);
        assertThat(log.records().get(1).hashVersion()).isEqualTo(HashVersion.V2);
    }

    @Test
    void a_changed_payload_value_is_refused_at_its_record() throws IOException {
        List<String> t = small();
        t.set(4, edit(t.get(4), "\"result_code\":\"OK\"", "\"result_code\":\"FAILED\""));

        assertRefused(() -> verify(t), 5, 4L, "event_hash does not match the v1 hash");
    }

    @Test
    void swapped_records_are_refused_at_the_first_out_of_place_one() throws IOException {
        List<String> t = small();
        Collections.swap(t, 3, 4);

        assertRefused(() -> verify(t), 4, 4L, "seq 4 where 3 was expected");
    }

    @Test
    void a_deleted_record_is_refused_at_the_record_after_the_gap() throws IOException {
        List<String> t = small();
        t.remove(7);

        assertRefused(() -> verify(t), 8, 8L, "seq 8 where 7 was expected");
    }

    @Test
    void a_wrong_prev_hash_is_refused_as_a_broken_link() throws IOException {
        List<String> t = small();
        String prev = LegacyRecord.parse(t.get(6)).prevHash();
        t.set(6, edit(t.get(6), "\"prev_hash\":\"" + prev + "\"", "\"prev_hash\":\"" + "1".repeat(64) + "\""));

        assertRefused(() -> verify(t), 7, 6L, "prev_hash does not match the event_hash of seq 5");
    }

    @Test
    void a_first_record_that_does_not_start_from_zeros_is_refused() throws IOException {
        List<String> t = small();
        t.set(0, edit(t.get(0), "\"prev_hash\":\"" + "0".repeat(64) + "\"", "\"prev_hash\":\"" + "f".repeat(64) + "\""));

        assertRefused(() -> verify(t), 1, 0L, "prev_hash of the first record is not 64 zeros");
    }

    @Test
    void a_v1_record_tagged_v2_no_longer_matches_its_hash() throws IOException {
        List<String> t = small();
        // seq 0 keeps a non-empty meta, so the v2 shape rules pass and only the hash can catch the tag.
        t.set(0, edit(t.get(0), "\"aggregate_id\":", "\"hash_version\":\"v2\",\"aggregate_id\":"));

        assertRefused(() -> verify(t), 1, 0L, "event_hash does not match the v2 hash");
    }

    @Test
    void an_unknown_hash_version_tag_is_refused_by_name() throws IOException {
        List<String> t = v2small();
        t.set(2, edit(t.get(2), "\"hash_version\":\"v2\"", "\"hash_version\":\"v3\""));

        assertRefused(() -> verify(t), 3, null, "unknown hash_version \"v3\"");
    }

    @Test
    void a_v2_record_with_its_tag_removed_is_refused_for_lacking_meta() throws IOException {
        List<String> t = v2small();
        t.set(2, edit(t.get(2), "\"hash_version\":\"v2\",", ""));

        assertRefused(() -> verify(t), 3, null, "v1 event without meta");
    }

    @Test
    void a_truncated_last_line_is_refused_at_that_line() throws IOException {
        List<String> t = small();
        String last = t.get(11);
        t.set(11, last.substring(0, last.length() / 2));

        assertRefused(() -> verify(t), 12, null, "is not a JSON record import-legacy can read");
    }

    @Test
    void a_float_anywhere_in_a_record_is_refused_with_its_text() throws IOException {
        List<String> t = small();
        t.set(2, edit(t.get(2), "\"ts\":2", "\"ts\":2.0"));

        assertRefused(() -> verify(t), 3, null, "holds the number 2.0");
    }

    @Test
    void an_object_key_naming_another_seq_is_refused() throws IOException {
        List<String> t = small();
        List<LegacyLine> lines = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            lines.add(new LegacyLine("o/" + i + ".json", 1, i == 5 ? 6L : (long) i, t.get(i)));
        }

        assertThatThrownBy(() -> LegacyChain.verify(lines)).isInstanceOf(LegacyRecordException.class)
                .hasMessageContaining("o/5.json").hasMessageContaining("the object key names seq 6");
    }

    @Test
    void an_empty_log_is_refused() {
        assertThatThrownBy(() -> LegacyChain.verify(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no records");
    }

    private static List<String> small() throws IOException {
        return new ArrayList<>(LegacyFixtures.lines(LegacyFixtures.DIR.resolve("v1/operator_log_small.jsonl")));
    }

    private static List<String> v2small() throws IOException {
        return new ArrayList<>(LegacyFixtures.lines(LegacyFixtures.DIR.resolve("v2/operator_log_small.jsonl")));
    }

    /** Replaces the first occurrence, failing the test if the text is not there (so no edit is silently a no-op). */
    static String edit(String line, String from, String to) {
        assertThat(line).contains(from);
        return line.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    private static VerifiedLegacyLog verify(List<String> texts) {
        return LegacyChain.verify(LegacyFixtures.asLines("log.jsonl", texts));
    }

    private static void assertRefused(ThrowingCallable call, long line, Long legacySeq, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LegacyRecordException.class, e -> {
            assertThat(e.file()).isEqualTo("log.jsonl");
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.legacySeq()).isEqualTo(legacySeq);
            assertThat(e.reason()).contains(reason);
        });
    }
}
