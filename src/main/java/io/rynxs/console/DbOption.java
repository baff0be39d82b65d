package io.rynxs.console;

import io.rynxs.store.Durability;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option and the store settings every database command shares. */
public final class DbOption {
    @Option(names = "--db", required = true, paramLabel = "FILE", description = "SQLite database file of the log.")
    public Path db;

    @Option(names = "--synchronous", paramLabel = "FULL|NORMAL", defaultValue = "${env:RYNXS_STORE_SYNCHRONOUS:-FULL}",
            description = "SQLite synchronous mode (default ${DEFAULT-VALUE}; NORMAL may lose the last commits on power loss).")
    public Durability durability;

    public StoreOptions existing() {
        return StoreOptions.existing(db).withDurability(durability);
    }

    public StoreOptions creating() {
        return StoreOptions.of(db).withDurability(durability);
    }
}
