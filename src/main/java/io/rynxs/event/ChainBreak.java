package io.rynxs.event;

/** The first place a chain stops verifying: the seq and the reason, in words an operator can act on. */
public record ChainBreak(long seq, String reason) {
}
