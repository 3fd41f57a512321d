package dev.netfault.bridge.nftlib;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.state.LinkQdiscs;
import dev.netfault.bridge.state.LinkSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs {@code nft} commands in-process through libnftables and hands every other command (and any {@code nft}
 * command the library would not run exactly as the binary: see {@link NftCall#of}) to the runner it wraps. The text,
 * standard output, exit code (0 or 1) and error words are the binary's, so plans, their checks and
 * {@code CommandFailedException} messages do not change. It sits above {@code NetnsRunner}: the library's thread is
 * already in the target namespace, so what it gets are the plan's own commands.
 *
 * <p>{@code new NftRunner(new NetnsRunner(process, netns), nft, NftRunner.Zone.of(...))}
 */
public final class NftRunner implements CommandRunner, LinkSource, AutoCloseable {

    private final CommandRunner delegate;
    private final Nft nft;
    private final Zone zone;

    public NftRunner(CommandRunner delegate, Nft nft, Zone zone) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.nft = Objects.requireNonNull(nft, "nft");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws InterruptedException {
        Optional<NftCall> call = zone.sameAsProcess(command.env()) ? NftCall.of(command) : Optional.empty();
        return call.isPresent() ? nft.run(call.get(), timeout) : delegate.run(command, timeout);
    }

    @Override
    public Optional<List<LinkQdiscs>> links(Duration timeout) throws InterruptedException {
        return nft.links(timeout);
    }

    /** How many {@code nft delete table} commands ran as a bare nfnetlink batch ({@link Nft#netlinkTableDeletes}). */
    public long netlinkTableDeletes() {
        return nft.netlinkTableDeletes();
    }

    @Override
    public void close() {
        nft.close();
    }

    /**
     * The only environment an {@code nft} command may ask for is {@code TZ} (nft reads {@code meta time "..."} in the
     * local zone). In-process the library sees this process's zone, so a command runs here only when that gives what
     * its process would get: no environment, the same {@code TZ} as ours, or {@code TZ=UTC} when our zone is UTC.
     *
     * @param processTz    this process's {@code TZ} variable, or null
     * @param localZoneUtc libc's local zone is UTC all year
     */
    public record Zone(String processTz, boolean localZoneUtc) {

        boolean sameAsProcess(Map<String, String> env) {
            if (env.isEmpty()) {
                return true;
            }
            if (env.size() != 1 || !env.containsKey("TZ")) {
                return false;
            }
            String tz = env.get("TZ");
            return tz.equals(processTz) || (localZoneUtc && (tz.equals("UTC") || tz.equals("UTC0")));
        }
    }
}
