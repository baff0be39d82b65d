package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The W3C Trace Context rules for traceparent: what joins the caller's trace, and what starts a new one. */
class TraceparentTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    @Test
    void a_version_00_header_gives_its_trace_id_and_parent_id() {
        assertThat(Traceparent.parse("00-" + TRACE + "-" + PARENT + "-01")).contains(new Traceparent(TRACE, PARENT));
        assertThat(Traceparent.parse(" 00-" + TRACE + "-" + PARENT + "-00\t")).as("optional whitespace around the value")
                .contains(new Traceparent(TRACE, PARENT));
    }

    @Test
    void a_later_version_is_read_by_its_first_55_characters_and_may_carry_more_fields() {
        assertThat(Traceparent.parse("01-" + TRACE + "-" + PARENT + "-01")).contains(new Traceparent(TRACE, PARENT));
        assertThat(Traceparent.parse("cc-" + TRACE + "-" + PARENT + "-09-what-comes-next")).contains(new Traceparent(TRACE, PARENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00-00000000000000000000000000000000-" + PARENT + "-01",     // all-zero trace id
            "00-" + TRACE + "-0000000000000000-01",                     // all-zero parent id
            "ff-" + TRACE + "-" + PARENT + "-01",                       // version ff is forbidden
            "00-" + TRACE + "-" + PARENT + "-01-extra",                 // version 00 is exactly 55 characters
            "01-" + TRACE + "-" + PARENT + "-01extra",                  // a later version's extra field must follow a dash
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + PARENT + "-01",     // uppercase hex
            "00-" + TRACE + "-00F067AA0BA902B7-01",
            "0-" + TRACE + "-" + PARENT + "-01",                        // short version
            "00-bf92f3577b34da6a3ce929d0e0e4736-" + PARENT + "-01",      // short trace id
            "00-" + TRACE + "-" + PARENT + "-1",                        // short flags
            "00-" + TRACE + "-" + PARENT + "-0g",                       // flags not hex
            "00_" + TRACE + "_" + PARENT + "_01",                       // not dashes
            "zz-" + TRACE + "-" + PARENT + "-01",
            "",
            "00-" + TRACE + "-" + PARENT})
    void an_invalid_header_is_ignored(String header) {
        assertThat(Traceparent.parse(header)).isEmpty();
    }

    @Test
    void a_header_sent_twice_is_ignored_even_when_both_are_valid() {
        String one = "00-" + TRACE + "-" + PARENT + "-01";
        assertThat(Traceparent.parse(List.of(one))).isPresent();
        assertThat(Traceparent.parse(List.of(one, one))).isEmpty();
        assertThat(Traceparent.parse(List.of())).isEmpty();
    }

    @Test
    void the_record_cannot_hold_an_all_zero_id() {
        assertThatThrownBy(() -> new Traceparent("0".repeat(32), PARENT)).hasMessageContaining("not all zero");
        assertThatThrownBy(() -> new Traceparent(TRACE, "0".repeat(16))).hasMessageContaining("not all zero");
    }
}
