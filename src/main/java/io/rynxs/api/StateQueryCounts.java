package io.rynxs.api;

/**
 * How {@code GET /state} requests were answered since the server started: by a replay of their own, by
 * sharing a replay already queued or running for the same seq, or from the states kept from recent
 * replays. {@code rynxs bench api} prints them so that its figures say how often they were a real replay.
 */
public record StateQueryCounts(long replayed, long shared, long kept) {
}
