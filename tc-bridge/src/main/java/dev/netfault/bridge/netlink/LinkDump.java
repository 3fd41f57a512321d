package dev.netfault.bridge.netlink;

import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.state.LinkQdiscs;
import dev.netfault.bridge.target.InterfaceName;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The namespace's links with their root and ingress/clsact qdiscs, from one {@code RTM_GETLINK} and one
 * {@code RTM_GETQDISC} dump on a socket opened by the calling thread — what {@code FactsReader} gets from
 * {@code ip -j link show} and {@code tc -j qdisc show}, equal to it field for field (a privileged test compares them
 * on real links). A dump the kernel marks interrupted ({@code NLM_F_DUMP_INTR}: a link or qdisc changed meanwhile)
 * is read again, up to three times.
 *
 * <p>{@code List<LinkQdiscs> links = LinkDump.overSocket(Duration.ofSeconds(5)).read();}
 */
public final class LinkDump {

    static final int IFF_UP = 0x1;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_QDISC = 6;
    static final int TCA_KIND = 1;
    static final int TC_H_ROOT = 0xFFFFFFFF;
    private static final int BUFFER = 64 * 1024;
    private static final int ATTEMPTS = 3;

    private final Transport.Opener opener;

    LinkDump(Transport.Opener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Dumps over a {@code NETLINK_ROUTE} socket whose sends and receives each give up after {@code timeout}. */
    public static LinkDump overSocket(Duration timeout) {
        return new LinkDump(() -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, timeout));
    }

    /** Every link in the kernel's order, with its root qdisc (or the kernel default it names) and ingress qdisc. */
    public List<LinkQdiscs> read() throws NetlinkException {
        for (int attempt = 1; ; attempt++) {
            try (Transport t = opener.open()) {
                Dump links = dump(t, Messages.RTM_GETLINK, Messages.IFINFOMSG, Messages.RTM_NEWLINK, 1);
                Dump qdiscs = links.interrupted() ? links
                        : dump(t, Messages.RTM_GETQDISC, Messages.TCMSG, Messages.RTM_NEWQDISC, 2);
                if (!qdiscs.interrupted()) {
                    return join(links.messages(), qdiscs.messages());
                }
                if (attempt == ATTEMPTS) {
                    throw new NetlinkException("rtnetlink link/qdisc dump interrupted by changes " + ATTEMPTS
                            + " times in a row");
                }
            }
        }
    }

    /** The messages of one dump, each a buffer over the whole message, header included. */
    record Dump(List<ByteBuffer> messages, boolean interrupted) {
    }

    static Dump dump(Transport t, short request, int familyHeader, short answer, int seq) throws NetlinkException {
        String what = (request == Messages.RTM_GETLINK ? "RTM_GETLINK" : "RTM_GETQDISC") + " dump";
        try {
            t.send(Messages.dumpRequest(request, familyHeader, seq));
        } catch (NetlinkException e) {
            throw new NetlinkException(what + ": " + e.getMessage());
        }
        List<ByteBuffer> out = new ArrayList<>();
        boolean interrupted = false;
        byte[] buffer = new byte[BUFFER];
        while (true) {
            int n;
            try {
                n = t.receive(buffer);
            } catch (NetlinkException e) {
                throw new NetlinkException(what + ": " + e.getMessage());
            }
            ByteBuffer datagram = Messages.wrap(buffer, n);
            int at = 0;
            while (at + Messages.HEADER <= n) {
                int len = datagram.getInt(at);
                short type = datagram.getShort(at + 4);
                short flags = datagram.getShort(at + 6);
                int mseq = datagram.getInt(at + 8);
                if (len < Messages.HEADER || at + len > n) {
                    throw new NetlinkException(what + ": malformed reply (message length " + len + " at byte " + at
                            + " of " + n + ")");
                }
                if (mseq != seq) {
                    throw new NetlinkException(what + ": reply to request " + mseq + ", expected " + seq);
                }
                interrupted |= (flags & Messages.NLM_F_DUMP_INTR) != 0;
                if (type == Messages.NLMSG_DONE || type == Messages.NLMSG_ERROR) {
                    int error = len >= Messages.HEADER + 4 ? datagram.getInt(at + Messages.HEADER) : 0;
                    if (error != 0) {
                        throw new NetlinkException(what + ": the kernel answered " + errno(-error));
                    }
                    return new Dump(out, interrupted);
                }
                if (type == answer) {
                    byte[] copy = new byte[len];
                    datagram.get(at, copy);
                    out.add(Messages.wrap(copy, len));
                }
                at += Messages.align(len);
            }
        }
    }

    static List<LinkQdiscs> join(List<ByteBuffer> links, List<ByteBuffer> qdiscs) {
        List<LinkQdiscs> out = new ArrayList<>();
        for (ByteBuffer link : links) {
            int index = link.getInt(Messages.HEADER + 4);
            int flags = link.getInt(Messages.HEADER + 8);
            Map<Integer, ByteBuffer> attrs = Messages.attributes(link, Messages.HEADER + Messages.IFINFOMSG);
            String name = attrs.containsKey(IFLA_IFNAME) ? Messages.string(attrs.get(IFLA_IFNAME)) : "";
            RootQdisc root = null;
            Optional<String> ingress = Optional.empty();
            for (ByteBuffer q : qdiscs) {
                if (q.getInt(Messages.HEADER + 4) != index) {
                    continue;
                }
                Map<Integer, ByteBuffer> qa = Messages.attributes(q, Messages.HEADER + Messages.TCMSG);
                String kind = qa.containsKey(TCA_KIND) ? Messages.string(qa.get(TCA_KIND)) : "";
                if (q.getInt(Messages.HEADER + 12) == TC_H_ROOT) {
                    root = new RootQdisc(kind, handle(q.getInt(Messages.HEADER + 8)));
                } else if (kind.equals("ingress") || kind.equals("clsact")) {
                    ingress = Optional.of(kind);
                }
            }
            if (root == null) {
                // the kernel does not dump built-in qdiscs such as noop on a link that is down: the default it names
                String kind = attrs.containsKey(IFLA_QDISC) ? Messages.string(attrs.get(IFLA_QDISC)) : "";
                root = RootQdisc.kernelDefault(kind.isEmpty() ? "noop" : kind);
            }
            out.add(new LinkQdiscs(InterfaceName.of(name), (flags & IFF_LOOPBACK) != 0, (flags & IFF_UP) != 0, root,
                    ingress));
        }
        return out;
    }

    /** A qdisc handle as tc prints it: the major number in hex and a colon ({@code 0:}, {@code 1:}, {@code ffff:}). */
    static String handle(int handle) {
        return Integer.toHexString(handle >>> 16) + ":";
    }

    private static String errno(int errno) {
        return "errno " + errno + switch (errno) {
            case 1 -> " (EPERM)";
            case 12 -> " (ENOMEM)";
            case 22 -> " (EINVAL)";
            case 95 -> " (EOPNOTSUPP)";
            case 105 -> " (ENOBUFS)";
            default -> "";
        };
    }
}
