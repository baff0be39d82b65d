package io.rynxs.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a stop request handled by the main thread (not a shutdown hook), so that
 * {@code rynxs serve} finishes its work in order and exits 0 after a clean stop, as Kubernetes expects of
 * a pod being rolled.
 */
final class StopSignals {
    private StopSignals() {}

    @SuppressWarnings("sunapi")
    static void onTermOrInt(Runnable stop) {
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
    }
}
