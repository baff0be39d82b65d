package io.rynxs.cli;

/** The CLI's contract with scripts (docs/DESIGN.md, Interfaces). */
final class ExitCodes {
    static final int OK = 0;
    static final int VERIFICATION_FAILED = 1;
    static final int USAGE_OR_IO = 2;

    private ExitCodes() {}
}
