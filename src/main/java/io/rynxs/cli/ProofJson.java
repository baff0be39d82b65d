package io.rynxs.cli;

import io.rynxs.merkle.ConsistencyProof;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of proofs, shared by the CLI commands that print them. */
final class ProofJson {
    private ProofJson() {}

    static Map<String, Object> inclusion(long seq, InclusionProof p, Hash32 root) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", seq);
        out.put("treeSize", p.treeSize());
        out.put("leafIndex", p.leafIndex());
        out.put("hashes", hex(p.hashes()));
        out.put("root", root.hex());
        return out;
    }

    static Map<String, Object> consistency(ConsistencyProof p, Hash32 fromRoot, Hash32 toRoot) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", p.fromSize());
        out.put("to", p.toSize());
        out.put("hashes", hex(p.hashes()));
        out.put("fromRoot", fromRoot.hex());
        out.put("toRoot", toRoot.hex());
        return out;
    }

    private static List<Object> hex(List<Hash32> hashes) {
        return hashes.stream().map(h -> (Object) h.hex()).toList();
    }
}
