package dev.netfault.bridge.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A runner that can read the namespace's links and qdiscs itself, without the {@code ip} and {@code tc} processes
 * ({@code NftRunner}: rtnetlink on its thread in the namespace). {@link FactsReader} asks it first.
 */
public interface LinkSource {

    /** The links as {@link FactsReader#parse} would make them from the two tools; empty when it cannot now. */
    Optional<List<LinkQdiscs>> links(Duration timeout) throws InterruptedException;
}
