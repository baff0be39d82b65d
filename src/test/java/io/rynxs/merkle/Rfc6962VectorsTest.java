package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks roots and proofs against the Certificate Transparency vectors in shared/fixtures/rfc6962-vectors.json. */
class Rfc6962VectorsTest {

    // Maven runs tests from the project directory; shared/ is its sibling both here and in CI.
    private static final Path VECTORS = Path.of("..", "shared", "fixtures", "rfc6962-vectors.json");

    private static final Pattern HEX_STRING = Pattern.compile("\"([0-9a-f]*)\"");
    private static final Pattern INCLUSION = Pattern.compile(
            "\\{\\s*\"leafIndex\"\\s*:\\s*(\\d+)\\s*,\\s*\"treeSize\"\\s*:\\s*(\\d+)\\s*,\\s*\"path\"\\s*:\\s*\\[([^\\]]*)\\]\\s*\\}");
    private static final Pattern CONSISTENCY = Pattern.compile(
            "\\{\\s*\"first\"\\s*:\\s*(\\d+)\\s*,\\s*\"second\"\\s*:\\s*(\\d+)\\s*,\\s*\"proof\"\\s*:\\s*\\[([^\\]]*)\\]\\s*\\}");

    private record Inclusion(long leafIndex, long treeSize, List<Hash32> path) {}

    private record Consistency(long first, long second, List<Hash32> proof) {}

    private static List<byte[]> leafHashes;
    private static List<Hash32> roots;
    private static List<Inclusion> inclusions;
    private static List<Consistency> consistencies;
    private static MemoryTree tree;

    @BeforeAll
    static void loadVectors() throws IOException {
        String json = Files.readString(VECTORS);
        leafHashes = new ArrayList<>();
        for (String hex : hexStrings(arrayAfter(json, "leafDataHex"))) {
            leafHashes.add(MerkleHasher.leafHash(HexFormat.of().parseHex(hex)));
        }
        roots = hexStrings(arrayAfter(json, "roots")).stream().map(Hash32::fromHex).toList();
        inclusions = new ArrayList<>();
        Matcher m = INCLUSION.matcher(json);
        while (m.find()) {
            inclusions.add(new Inclusion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), hashes(m.group(3))));
        }
        consistencies = new ArrayList<>();
        m = CONSISTENCY.matcher(json);
        while (m.find()) {
            consistencies.add(new Consistency(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), hashes(m.group(3))));
        }
        tree = MemoryTree.ofLeafHashes(leafHashes);
    }

    @Test
    void the_fixture_parses_into_eight_leaves_nine_roots_and_every_proof_up_to_size_eight() {
        assertThat(leafHashes).hasSize(8);
        assertThat(roots).hasSize(9);
        assertThat(inclusions).hasSize(36); // sum of n for n = 1..8
        assertThat(consistencies).hasSize(36); // pairs 1 <= m <= n <= 8
    }

    @Test
    void the_empty_tree_root_is_the_sha256_of_nothing_and_matches_the_vector() {
        assertThat(new Hash32(MerkleHasher.emptyRoot()).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .isEqualTo(roots.get(0).hex());
    }

    @Test
    void roots_for_sizes_zero_to_eight_match_the_published_tree_heads() {
        MerkleTree merkleTree = new MerkleTree(tree);
        CompactRange range = CompactRange.empty();
        for (int size = 0; size <= 8; size++) {
            assertThat(merkleTree.root(size)).as("root from stored nodes at size %d", size).isEqualTo(roots.get(size));
            assertThat(range.root()).as("root from the compact range at size %d", size).isEqualTo(roots.get(size));
            assertThat(CompactRange.load(size, tree).root()).as("root of a loaded range at size %d", size)
                    .isEqualTo(roots.get(size));
            if (size < 8) {
                range.append(leafHashes.get(size));
            }
        }
    }

    @Test
    void every_published_inclusion_path_is_built_exactly_and_verifies() {
        MerkleTree merkleTree = new MerkleTree(tree);
        for (Inclusion vector : inclusions) {
            InclusionProof proof = merkleTree.inclusionProof(vector.leafIndex(), vector.treeSize());
            assertThat(proof.hashes()).as("path for %s", vector).isEqualTo(vector.path());
            Hash32 leaf = new Hash32(leafHashes.get((int) vector.leafIndex()));
            assertThatCode(() -> proof.verify(leaf, roots.get((int) vector.treeSize()))).as("verify %s", vector)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void every_published_consistency_proof_is_built_exactly_and_verifies() {
        MerkleTree merkleTree = new MerkleTree(tree);
        for (Consistency vector : consistencies) {
            ConsistencyProof proof = merkleTree.consistencyProof(vector.first(), vector.second());
            assertThat(proof.hashes()).as("proof for %s", vector).isEqualTo(vector.proof());
            assertThatCode(() -> proof.verify(roots.get((int) vector.first()), roots.get((int) vector.second())))
                    .as("verify %s", vector).doesNotThrowAnyException();
        }
    }

    private static String arrayAfter(String json, String field) {
        int key = json.indexOf("\"" + field + "\"");
        assertThat(key).as("field %s in %s", field, VECTORS).isNotNegative();
        int open = json.indexOf('[', key);
        return json.substring(open + 1, json.indexOf(']', open));
    }

    private static List<String> hexStrings(String arrayBody) {
        List<String> result = new ArrayList<>();
        Matcher m = HEX_STRING.matcher(arrayBody);
        while (m.find()) {
            result.add(m.group(1));
        }
        return result;
    }

    private static List<Hash32> hashes(String arrayBody) {
        return hexStrings(arrayBody).stream().map(Hash32::fromHex).toList();
    }
}
