package dev.netfault.bridge.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code nft delete table FAMILY NAME} (one or more, as one transaction) sent as the kernel's own nfnetlink batch —
 * {@code NFNL_MSG_BATCH_BEGIN}, one {@code NFT_MSG_DELTABLE} per table, {@code NFNL_MSG_BATCH_END} — the messages
 * {@code nft} sends for it, without the ruleset cache libnftables fills first: that cache costs about 35 µs for every
 * table in the namespace (1.4 ms at 40 tables, 8 ms at 80), this batch a tenth of a millisecond whatever is there.
 * The kernel acknowledges each table; any error aborts the whole batch (nothing is deleted), and the caller then runs
 * the command through libnftables, which fails the same way and says so in nft's own words.
 *
 * <p>{@code TableDelete.parse("delete table netdev netfault_1a2b3c4d\n").map(t -> TableDelete.overSocket(T).delete(t))}
 */
public final class TableDelete implements AutoCloseable {

    /** One table: its nfproto family number and name. */
    public record Table(int family, String name) {
        public Table {
            Objects.requireNonNull(name, "name");
        }
    }

    private static final Map<String, Integer> FAMILIES = Map.of("inet", 1, "ip", 2, "arp", 3, "netdev", 5,
            "bridge", 7, "ip6", 10);
    private static final Pattern LINE = Pattern.compile("delete table (inet|ip|arp|netdev|bridge|ip6)"
            + " ([A-Za-z][A-Za-z0-9_]{0,63})");
    static final short NFNL_MSG_BATCH_BEGIN = 0x10;
    static final short NFNL_MSG_BATCH_END = 0x11;
    static final int NFNL_SUBSYS_NFTABLES = 10;
    static final short NFT_MSG_DELTABLE = (short) ((NFNL_SUBSYS_NFTABLES << 8) | 2);
    static final short NLM_F_ACK = 0x4;
    static final int NFTA_TABLE_NAME = 1;
    private static final int NFGENMSG = 4;

    private final Transport.Opener opener;
    private Transport socket; // opened at the first delete, kept: closing an nfnetlink socket waits for RCU (~10 ms)
    private int seq = 1;

    TableDelete(Transport.Opener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * Over one {@code NETLINK_NETFILTER} socket, opened by the calling thread at the first delete (so in its namespace)
     * and kept until {@link #close}, whose sends and receives each give up after {@code timeout}. One thread at a time.
     */
    public static TableDelete overSocket(Duration timeout) {
        return new TableDelete(() -> NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, timeout));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /**
     * The tables an nft text deletes when it is nothing but {@code delete table FAMILY NAME} lines (plain names, no
     * handles, quotes or other commands), each table once; empty otherwise (then it is libnftables' to run).
     */
    public static Optional<List<Table>> parse(String text) {
        List<Table> out = new ArrayList<>();
        Set<Table> seen = new HashSet<>();
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                return Optional.empty();
            }
            Table t = new Table(FAMILIES.get(m.group(1)), m.group(2));
            if (!seen.add(t)) {
                return Optional.empty(); // nft fails the second delete of a table: leave that answer to it
            }
            out.add(t);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** The batch, the first message numbered {@code seq} and each next one the number after. */
    static byte[] batch(List<Table> tables, int seq) {
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(NFNL_MSG_BATCH_BEGIN, Messages.NLM_F_REQUEST, seq, 0, NFNL_SUBSYS_NFTABLES, null));
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            messages.add(message(NFT_MSG_DELTABLE, (short) (Messages.NLM_F_REQUEST | NLM_F_ACK), seq + 1 + i,
                    t.family(), 0, t.name()));
        }
        messages.add(message(NFNL_MSG_BATCH_END, Messages.NLM_F_REQUEST, seq + 1 + tables.size(), 0,
                NFNL_SUBSYS_NFTABLES, null));
        ByteBuffer all = ByteBuffer.allocate(messages.stream().mapToInt(m -> m.length).sum());
        messages.forEach(all::put);
        return all.array();
    }

    private static byte[] message(short type, short flags, int seq, int family, int resId, String name) {
        byte[] attr = new byte[0];
        if (name != null) {
            byte[] v = (name + "\0").getBytes(StandardCharsets.US_ASCII);
            ByteBuffer a = ByteBuffer.allocate(Messages.align(4 + v.length)).order(ByteOrder.nativeOrder());
            a.putShort((short) (4 + v.length)).putShort((short) NFTA_TABLE_NAME).put(v);
            attr = a.array();
        }
        int len = Messages.HEADER + NFGENMSG + attr.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort(type).putShort(flags).putInt(seq).putInt(0);
        // struct nfgenmsg: family, version NFNETLINK_V0, res_id in network byte order
        b.put((byte) family).put((byte) 0).order(ByteOrder.BIG_ENDIAN).putShort((short) resId);
        b.order(ByteOrder.nativeOrder()).put(attr);
        return b.array();
    }

    /**
     * Deletes the tables in one transaction; true when the kernel acknowledged every one, false when it refused the
     * batch (then nothing was deleted). Throws when the socket fails or the kernel does not answer in time.
     */
    public boolean delete(List<Table> tables) throws NetlinkException {
        int first = seq;
        int last = first + tables.size() + 1;
        seq = last + 1 > 0x3fffffff ? 1 : last + 1;
        Set<Integer> waiting = new HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            waiting.add(first + 1 + i);
        }
        if (socket == null) {
            socket = opener.open();
        }
        try {
            socket.send(batch(tables, first));
            byte[] buffer = new byte[8192];
            while (!waiting.isEmpty()) {
                int n = socket.receive(buffer);
                ByteBuffer d = Messages.wrap(buffer, n);
                for (int at = 0; at + Messages.HEADER <= n; ) {
                    int len = d.getInt(at);
                    if (len < Messages.HEADER || at + len > n) {
                        throw new NetlinkException("NFT_MSG_DELTABLE: malformed reply (message length " + len + ")");
                    }
                    int about = d.getInt(at + 8);
                    // answers to an earlier batch (one given up on) are not this one's
                    if (d.getShort(at + 4) == Messages.NLMSG_ERROR && len >= Messages.HEADER + 4 && about >= first
                            && about <= last) {
                        if (d.getInt(at + Messages.HEADER) != 0) {
                            return false;
                        }
                        waiting.remove(about);
                    }
                    at += Messages.align(len);
                }
            }
            return true;
        } catch (NetlinkException e) {
            close(); // a socket in an unknown state: the next delete opens a new one
            throw e;
        }
    }
}
