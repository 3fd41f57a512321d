package dev.netfault.bridge.nftlib;

import dev.netfault.bridge.netlink.NetlinkException;
import dev.netfault.bridge.netlink.TableDelete;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs a call that only deletes tables without the library when it can; false leaves the call to the library.
 * Made on the worker thread, in its namespace, and closed with it.
 */
@FunctionalInterface
interface TableDeletes extends AutoCloseable {

    /** How long a table delete sent as a bare nfnetlink batch waits for the kernel's acknowledgements. */
    Duration DELETE_TIMEOUT = Duration.ofSeconds(2);

    /** True when the call ran here and the tables are gone; false when the library must run it. */
    boolean tryDelete(String nftText) throws NetlinkException;

    @Override
    default void close() {
    }

    /** Every call through the library. */
    static TableDeletes none() {
        return text -> false;
    }

    /** Table deletes as the kernel's own nfnetlink batch ({@link TableDelete}); anything else to the library. */
    static TableDeletes nfnetlink() {
        TableDelete delete = TableDelete.overSocket(DELETE_TIMEOUT);
        return new TableDeletes() {
            @Override
            public boolean tryDelete(String text) throws NetlinkException {
                Optional<List<TableDelete.Table>> tables = TableDelete.parse(text);
                return tables.isPresent() && delete.delete(tables.get());
            }

            @Override
            public void close() {
                delete.close();
            }
        };
    }
}
