package io.rynxs.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The tlog-proof layout, held to the spec's example file. */
class ProofFileTest {
    /** The example of C2SP tlog-proof, verbatim (its signatures are elided there, so only the layout is checked). */
    static final String SPEC_EXAMPLE = """
            c2sp.org/tlog-proof@v1
            extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
            index 73894
            gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
            B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
            EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
            RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
            AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

            example.com/fancylog
            109482
            sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

            — example.com/fancylog hI2DJw[...]1roloI=
            — witness1.example mJirIklj[...]qY9v2B/5bg==
            """;

    @Test
    void the_spec_example_parses_and_writes_back_byte_for_byte() {
        byte[] bytes = SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        ProofFile p = ProofFile.parse(bytes);
        assertThat(p.index()).isEqualTo(73894);
        assertThat(p.hashes()).hasSize(5);
        assertThat(Base64.getEncoder().encodeToString(p.hashes().get(0).bytes())).isEqualTo("gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=");
        assertThat(new String(p.extra(), StandardCharsets.ISO_8859_1)).startsWith("age-v1.2.1-darwin-arm64.tar.gz");
        assertThat(new String(p.checkpoint(), StandardCharsets.UTF_8)).startsWith("example.com/fancylog\n109482\n");
        assertThat(p.toBytes()).isEqualTo(bytes);
    }

    @Test
    void the_extra_line_is_optional() {
        String noExtra = SPEC_EXAMPLE.replaceFirst("extra [^\\n]*\\n", "");
        ProofFile p = ProofFile.parse(noExtra.getBytes(StandardCharsets.UTF_8));
        assertThat(p.extra()).isNull();
        assertThat(new String(p.toBytes(), StandardCharsets.UTF_8)).isEqualTo(noExtra);
    }

    @Test
    void a_bad_file_is_refused_naming_its_line() {
        assertThatThrownBy(() -> parse(SPEC_EXAMPLE.replace("@v1", "@v2"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse(SPEC_EXAMPLE.replace("index 73894", "index 073894"))).hasMessageContaining("line 3 is not index");
        assertThatThrownBy(() -> parse(SPEC_EXAMPLE.replace("B95lDa8R", "B95lDa8"))).hasMessageContaining("line 5");
        assertThatThrownBy(() -> parse(SPEC_EXAMPLE.replace("AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=", "AAAA")))
                .hasMessageContaining("line 8 is 3 bytes");
        assertThatThrownBy(() -> parse("c2sp.org/tlog-proof@v1\nindex 1\n")).hasMessageContaining("no newline");
        assertThatThrownBy(() -> parse("c2sp.org/tlog-proof@v1\nindex 1\n\n")).hasMessageContaining("no checkpoint");
    }

    private static ProofFile parse(String s) {
        return ProofFile.parse(s.getBytes(StandardCharsets.UTF_8));
    }
}
