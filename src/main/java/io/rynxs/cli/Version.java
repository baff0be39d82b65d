package io.rynxs.cli;

import picocli.CommandLine;

/** The version printed by {@code rynxs --version}, from the jar manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"rynxs " + number()};
    }

    /** The jar's version, or {@code dev} when run from classes. */
    static String number() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
