package io.rynxs.segment;

/** SHA-256 of {@link ManifestTest#GOLDEN_TEXT}, computed with Python's hashlib, not with this code. */
final class ManifestGolden {
    static final String SHA256 = "3072569872f1ab499cca6812632a9379d5dc0d7574a9ef7312f93c224f2d9b56";

    private ManifestGolden() {}
}
