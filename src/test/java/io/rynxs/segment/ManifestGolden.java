package io.rynxs.segment;

/** SHA-256 of {@link ManifestTest#GOLDEN_TEXT}, computed with Python's hashlib, not with this code. */
final class ManifestGolden {
    static final String SHA256 = "f480a3653e4de1b6415e524723cfd4074137daaca4fd29218cbbc0f0280589c7";

    private ManifestGolden() {}
}
