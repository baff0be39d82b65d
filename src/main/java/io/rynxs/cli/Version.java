package io.rynxs.cli;

import picocli.CommandLine;

/** The version printed by {@code rynxs --version}, from the jar manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"rynxs " + (v == null ? "dev" : v)};
    }
}
