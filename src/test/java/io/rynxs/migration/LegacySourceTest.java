package io.rynxs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the three local layouts of a rynxs-python log: one file, rotated files, one object per event. */
class LegacySourceTest {
    private static final LegacyFixtures.Golden WEIRD = LegacyFixtures.GOLDEN.get(1);

    @TempDir
    Path dir;

    @Test
    void rotated_segments_are_read_by_number_then_the_live_file() throws IOException {
        List<String> all = LegacyFixtures.lines(WEIRD.path());
        // Written newest first, and seg-000010 sorts before seg-000009 nowhere but in a careless reader.
        write("operator-events.log", all.subList(15, 19));
        write("operator-events.log.seg-000010", all.subList(8, 15));
        write("operator-events.log.seg-000009", all.subList(0, 8));

        LegacySource source = LegacySource.of(dir.resolve("operator-events.log"));
        List<LegacyLine> lines = source.read();

        assertThat(lines).extracting(LegacyLine::text).containsExactlyElementsOf(all);
        assertThat(lines.get(8).file()).endsWith("operator-events.log.seg-000010");
        assertThat(lines.get(8).line()).isEqualTo(1);
        assertThat(LegacyChain.verify(lines).headHash()).isEqualTo(WEIRD.head());
    }

    @Test
    void a_directory_holding_one_rotated_log_reads_the_same_as_its_base_file() throws IOException {
        List<String> all = LegacyFixtures.lines(WEIRD.path());
        write("operator-events.log.seg-000001", all.subList(0, 10));
        write("operator-events.log.seg-000002", all.subList(10, 19));

        List<LegacyLine> lines = LegacySource.of(dir).read();

        assertThat(lines).extracting(LegacyLine::text).containsExactlyElementsOf(all);
    }

    @Test
    void a_directory_with_two_logs_is_refused_naming_both() throws IOException {
        write("a.log", List.of("{}"));
        write("b.log.seg-000001", List.of("{}"));

        assertThatThrownBy(() -> LegacySource.of(dir)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a.log, b.log]");
    }

    @Test
    void a_segment_path_is_refused_so_no_segment_is_skipped() throws IOException {
        write("x.log.seg-000001", List.of("{}"));

        assertThatThrownBy(() -> LegacySource.of(dir.resolve("x.log.seg-000001"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give the live file's path");
    }

    @Test
    void a_missing_file_is_an_io_error() {
        assertThatThrownBy(() -> LegacySource.of(dir.resolve("nope.log")).read()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void blank_lines_are_skipped_but_keep_their_numbers() throws IOException {
        Files.writeString(dir.resolve("l.log"), "\n" + LegacyFixtures.lines(WEIRD.path()).get(0) + "\n\n", StandardCharsets.UTF_8);

        List<LegacyLine> lines = LegacySource.of(dir.resolve("l.log")).read();

        assertThat(lines).singleElement().extracting(LegacyLine::line).isEqualTo(2L);
    }

    @Test
    void invalid_utf8_is_refused_at_its_line_and_byte() throws IOException {
        Files.write(dir.resolve("l.log"), new byte[] {'{', '}', '\n', '"', 'a', (byte) 0xff, '"', '\n'});

        assertThatThrownBy(() -> LegacySource.of(dir.resolve("l.log")).read()).isInstanceOfSatisfying(LegacyRecordException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).startsWith("invalid UTF-8 at byte 2 (0xff) (rynxs-python wrote UTF-8;");
        });
    }

    @Test
    void an_object_that_is_not_utf8_is_refused_naming_the_object_and_byte() throws IOException {
        Files.write(dir.resolve("0000000000.json"), new byte[] {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'});

        assertThatThrownBy(() -> LegacySource.of(dir).read()).isInstanceOfSatisfying(LegacyRecordException.class, e -> {
            assertThat(e.file()).endsWith("0000000000.json");
            assertThat(e.reason()).startsWith("invalid UTF-8 at byte 2 (0xc0)");
        });
    }

    @Test
    void an_object_directory_is_read_in_seq_order_with_each_key_seq() throws IOException {
        List<String> all = LegacyFixtures.lines(WEIRD.path());
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.writeString(dir.resolve(String.format("%010d.json", i)), all.get(i) + "\n", StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("README.txt"), "not an object", StandardCharsets.UTF_8);

        LegacySource source = LegacySource.of(dir);
        List<LegacyLine> lines = source.read();

        assertThat(source).isInstanceOf(LegacyObjectDirectory.class);
        assertThat(lines).extracting(LegacyLine::text).containsExactlyElementsOf(all);
        assertThat(lines).extracting(LegacyLine::keySeq).containsExactly(
                0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
        assertThat(LegacyChain.verify(lines).headHash()).isEqualTo(WEIRD.head());
    }

    private void write(String name, List<String> lines) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
