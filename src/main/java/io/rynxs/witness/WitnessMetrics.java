package io.rynxs.witness;

import java.util.Collection;
import java.util.Locale;

/** What witnessing reports to a metrics registry, without knowing which one. */
public interface WitnessMetrics {
    WitnessMetrics NONE = new WitnessMetrics() {};

    /** The reasons a witness call fails, each a stable label value. */
    enum Failure {
        /** No answer, a timeout or a 5xx. */
        UNAVAILABLE,
        /** 404: the witness does not know this log's origin. */
        UNKNOWN_LOG,
        /** 403: the witness trusts no key that signed the checkpoint, or a signature failed. */
        FORBIDDEN,
        /** 422: the consistency proof or the root did not check out at the witness. */
        BAD_PROOF,
        /** 400 or another 4xx: the witness refused the request's form. */
        BAD_REQUEST,
        /** 409 again after resending from the witness's size, or a size this log cannot prove from. */
        CONFLICT,
        /** 409 with a size beyond the checkpoint: the witness has seen a larger tree of this origin (a fork, or another writer). */
        WITNESS_AHEAD,
        /** 200, but no line verified against the witness's key. */
        BAD_COSIGNATURE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The witnesses of the policy, so every series exists from the start. */
    default void witnesses(Collection<String> names) {}

    /** A cosignature by {@code witness} verified and was stored. */
    default void cosigned(String witness) {}

    /** A call to {@code witness} failed. */
    default void failed(String witness, Failure reason) {}

    /** Whether the newest checkpoint offered met the quorum. */
    default void quorumMet(boolean met) {}
}
