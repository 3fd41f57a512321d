package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Touches;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Several faults applied in one nftables transaction (group commit): faults whose whole apply is one
 * {@code nft -f -} script touching nothing but their own nftables table ({@link #joinable}) get their scripts
 * concatenated into one {@code nft -f -} input, which nft commits all or nothing.
 *
 * <p>{@code NftBatch.join(List.of(a, b))} → {@code nft -f -} with {@code a}'s script, then {@code b}'s.
 */
final class NftBatch {

    private static final List<String> NFT_FILE = List.of("nft", "-f", "-");

    private NftBatch() {
    }

    /** One {@code nft -f -} script is the whole apply, and nftables all it touches. */
    static boolean joinable(AppliedFault f) {
        return f.apply().size() == 1 && f.apply().get(0).argv().equals(NFT_FILE) && f.apply().get(0).stdin() != null
                && f.touches().equals(EnumSet.of(Touches.NFTABLES));
    }

    /**
     * The joinable faults among {@code faults} that can share a transaction with the first of them (the same
     * environment, e.g. {@code TZ=UTC}), in order.
     */
    static List<AppliedFault> batch(List<AppliedFault> faults) {
        List<AppliedFault> out = new ArrayList<>();
        Map<String, String> env = null;
        for (AppliedFault f : faults) {
            if (!joinable(f)) {
                continue;
            }
            Command c = f.apply().get(0);
            if (env == null) {
                env = c.env();
            }
            if (c.env().equals(env)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The whole revert is one {@code nft delete table FAMILY NAME}, and nftables all the fault touches. */
    static boolean deletable(AppliedFault f) {
        if (f.revert().size() != 1 || !f.touches().equals(EnumSet.of(Touches.NFTABLES))) {
            return false;
        }
        List<String> a = f.revert().get(0).argv();
        return a.size() == 5 && a.subList(0, 3).equals(List.of("nft", "delete", "table"))
                && f.revert().get(0).stdin() == null && f.revert().get(0).env().isEmpty();
    }

    /** One {@code nft -f -} command deleting every fault's table in one transaction; each must be {@link #deletable}. */
    static Command delete(List<AppliedFault> faults) {
        StringBuilder sb = new StringBuilder();
        for (AppliedFault f : faults) {
            if (!deletable(f)) {
                throw new IllegalArgumentException("fault " + f.id() + ": not one nft delete table");
            }
            sb.append(String.join(" ", f.revert().get(0).argv().subList(1, 5))).append('\n');
        }
        return Command.of("nft", "-f", "-").withStdin(sb.toString());
    }

    /** One {@code nft -f -} command with every fault's script in order; each fault must be {@link #joinable}. */
    static Command join(List<AppliedFault> faults) {
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("faults: [] (expected: at least one)");
        }
        StringBuilder sb = new StringBuilder();
        for (AppliedFault f : faults) {
            if (!joinable(f)) {
                throw new IllegalArgumentException("fault " + f.id() + ": not one nft -f - script");
            }
            String s = f.apply().get(0).stdin();
            sb.append(s);
            if (!s.endsWith("\n")) {
                sb.append('\n');
            }
        }
        Command first = faults.get(0).apply().get(0);
        return new Command(NFT_FILE, sb.toString(), first.env());
    }
}
