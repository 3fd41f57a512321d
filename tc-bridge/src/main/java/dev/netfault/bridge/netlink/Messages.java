package dev.netfault.bridge.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Netlink framing ({@code linux/netlink.h}, {@code linux/rtnetlink.h}): {@code struct nlmsghdr} (16 bytes), a family
 * header, then {@code struct rtattr}s, each padded to 4 bytes, all in the host's byte order.
 */
final class Messages {

    static final int HEADER = 16;
    static final short NLMSG_ERROR = 2;
    static final short NLMSG_DONE = 3;
    static final short RTM_NEWLINK = 16;
    static final short RTM_GETLINK = 18;
    static final short RTM_NEWQDISC = 36;
    static final short RTM_GETQDISC = 38;
    static final short NLM_F_REQUEST = 0x1;
    static final short NLM_F_DUMP_INTR = 0x10;
    static final short NLM_F_DUMP = 0x300;
    /** {@code sizeof(struct ifinfomsg)} and {@code sizeof(struct tcmsg)}. */
    static final int IFINFOMSG = 16;
    static final int TCMSG = 20;
    private static final int NLA_TYPE_MASK = 0x3fff;

    private Messages() {
    }

    static ByteBuffer wrap(byte[] bytes, int length) {
        return ByteBuffer.wrap(bytes, 0, length).slice().order(ByteOrder.nativeOrder());
    }

    /** A dump request: the header with {@code NLM_F_REQUEST | NLM_F_DUMP} and an all-zero family header. */
    static byte[] dumpRequest(short type, int familyHeaderBytes, int seq) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + familyHeaderBytes).order(ByteOrder.nativeOrder());
        b.putInt(HEADER + familyHeaderBytes).putShort(type).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(seq)
                .putInt(0);
        return b.array();
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    /**
     * The attributes of {@code m} that follow its family header ({@code skip} bytes), by type (the nested and
     * byte-order bits masked off), each as a buffer over its payload.
     */
    static Map<Integer, ByteBuffer> attributes(ByteBuffer m, int skip) {
        Map<Integer, ByteBuffer> out = new HashMap<>();
        int at = align(skip);
        while (at + 4 <= m.limit()) {
            int len = Short.toUnsignedInt(m.getShort(at));
            int type = Short.toUnsignedInt(m.getShort(at + 2)) & NLA_TYPE_MASK;
            if (len < 4 || at + len > m.limit()) {
                break;
            }
            out.putIfAbsent(type, m.slice(at + 4, len - 4).order(m.order()));
            at += align(len);
        }
        return out;
    }

    /** A NUL-terminated string attribute ({@code IFLA_IFNAME}, {@code TCA_KIND}). */
    static String string(ByteBuffer attribute) {
        int n = 0;
        while (n < attribute.limit() && attribute.get(n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        attribute.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
