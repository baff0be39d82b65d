package io.rynxs.segment;

/**
 * A checkpoint object in the sink that was not used as evidence, and why: its signature does not verify with the
 * verifier key (anyone who can write to the bucket can put such bytes there, so they prove nothing), or it vanished
 * between listing and reading. Reported, never a failure by itself.
 */
public record IgnoredCheckpoint(String checkpoint, String reason) {
}
