package dev.netfault.bridge.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.state.LinkQdiscs;
import dev.netfault.bridge.target.InterfaceName;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dump requests' bytes and the join of kernel replies, on replies made here byte for byte. */
class LinkDumpTest {

    /** A kernel that answers each request with the datagrams queued for it, and records what it was sent. */
    private static final class FakeKernel implements Transport {
        final List<byte[]> sent = new ArrayList<>();
        final Deque<byte[]> replies = new ArrayDeque<>();
        int opened;
        int closed;

        @Override
        public void send(byte[] request) {
            sent.add(request);
        }

        @Override
        public int receive(byte[] buffer) throws NetlinkException {
            byte[] next = replies.poll();
            if (next == null) {
                throw new NetlinkException("no answer within 5000 ms");
            }
            System.arraycopy(next, 0, buffer, 0, next.length);
            return next.length;
        }

        @Override
        public void close() {
            closed++;
        }

        LinkDump dump() {
            return new LinkDump(() -> {
                opened++;
                return this;
            });
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    private static byte[] attr(int type, String value) {
        byte[] v = (value + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = le(Messages.align(4 + v.length));
        b.putShort((short) (4 + v.length)).putShort((short) type).put(v);
        return b.array();
    }

    private static byte[] message(short type, short flags, int seq, byte[] familyHeader, byte[]... attrs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(familyHeader);
        for (byte[] a : attrs) {
            body.writeBytes(a);
        }
        byte[] payload = body.toByteArray();
        ByteBuffer b = le(16 + payload.length);
        b.putInt(16 + payload.length).putShort(type).putShort(flags).putInt(seq).putInt(4242).put(payload);
        return b.array();
    }

    private static byte[] link(int seq, int index, int flags, String name, String qdisc) {
        byte[] ifinfo = le(16).put((byte) 0).put((byte) 0).putShort((short) 1).putInt(index).putInt(flags).putInt(0)
                .array();
        return message(Messages.RTM_NEWLINK, (short) 2, seq, ifinfo, attr(LinkDump.IFLA_IFNAME, name),
                attr(LinkDump.IFLA_QDISC, qdisc));
    }

    private static byte[] qdisc(int seq, short flags, int index, int handle, int parent, String kind) {
        byte[] tcmsg = le(20).put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(handle)
                .putInt(parent).putInt(2).array();
        return message(Messages.RTM_NEWQDISC, flags, seq, tcmsg, attr(LinkDump.TCA_KIND, kind));
    }

    private static byte[] done(int seq, int error) {
        return message(Messages.NLMSG_DONE, (short) 2, seq, le(4).putInt(error).array());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void queueNamespace(FakeKernel k, short qdiscFlags) {
        // links in two datagrams, as a long dump comes
        k.replies.add(concat(link(1, 1, 0x49, "lo", "noqueue"), link(1, 2, 0x1003, "va", "htb")));
        k.replies.add(concat(link(1, 7, 0x1002, "nfx", "noop"), done(1, 0)));
        k.replies.add(concat(qdisc(2, qdiscFlags, 1, 0, LinkDump.TC_H_ROOT, "noqueue"),
                qdisc(2, qdiscFlags, 2, 0x4e460000, LinkDump.TC_H_ROOT, "htb"),
                qdisc(2, qdiscFlags, 2, 0x4e460000, 0x4e460001, "netem"),
                qdisc(2, qdiscFlags, 2, 0xffff0000, 0xfffffff1, "ingress"), done(2, 0)));
    }

    @Test
    void requests_areDumpsOfLinksThenQdiscs_withAZeroFamilyHeader() throws Exception {
        FakeKernel k = new FakeKernel();
        queueNamespace(k, (short) 2);

        k.dump().read();

        ByteBuffer links = ByteBuffer.wrap(k.sent.get(0)).order(ByteOrder.nativeOrder());
        ByteBuffer qdiscs = ByteBuffer.wrap(k.sent.get(1)).order(ByteOrder.nativeOrder());
        assertThat(k.sent).hasSize(2);
        assertThat(k.sent.get(0)).hasSize(32);
        assertThat(links.getInt(0)).isEqualTo(32);
        assertThat(links.getShort(4)).isEqualTo((short) 18);
        assertThat(links.getShort(6)).isEqualTo((short) 0x301);
        assertThat(links.getInt(8)).isEqualTo(1);
        assertThat(k.sent.get(1)).hasSize(36);
        assertThat(qdiscs.getShort(4)).isEqualTo((short) 38);
        assertThat(qdiscs.getInt(8)).isEqualTo(2);
        for (int i = 16; i < 36; i++) {
            assertThat(qdiscs.get(i)).isZero();
        }
        assertThat(k.opened).isEqualTo(1);
        assertThat(k.closed).isEqualTo(1);
    }

    @Test
    void read_joinsLinksWithTheirRootAndIngressQdiscs_andNamesTheDefaultOfALinkWithoutOne() throws Exception {
        FakeKernel k = new FakeKernel();
        queueNamespace(k, (short) 2);

        assertThat(k.dump().read()).containsExactly(
                new LinkQdiscs(InterfaceName.of("lo"), true, true, new RootQdisc("noqueue", "0:"), Optional.empty()),
                new LinkQdiscs(InterfaceName.of("va"), false, true, new RootQdisc("htb", "4e46:"),
                        Optional.of("ingress")),
                new LinkQdiscs(InterfaceName.of("nfx"), false, false, new RootQdisc("noop", "0:"),
                        Optional.empty()));
    }

    @Test
    void anInterruptedDump_isReadAgain_andThreeInARowIsAnError() throws Exception {
        FakeKernel k = new FakeKernel();
        queueNamespace(k, (short) (2 | Messages.NLM_F_DUMP_INTR));
        queueNamespace(k, (short) 2);

        assertThat(k.dump().read()).hasSize(3);
        assertThat(k.opened).isEqualTo(2);
        assertThat(k.closed).isEqualTo(2);

        FakeKernel busy = new FakeKernel();
        for (int i = 0; i < 3; i++) {
            queueNamespace(busy, (short) (2 | Messages.NLM_F_DUMP_INTR));
        }
        assertThatThrownBy(() -> busy.dump().read()).isInstanceOf(NetlinkException.class)
                .hasMessage("rtnetlink link/qdisc dump interrupted by changes 3 times in a row");
    }

    @Test
    void kernelErrors_nameTheDumpAndTheErrno() {
        FakeKernel k = new FakeKernel();
        k.replies.add(done(1, -1));
        assertThatThrownBy(() -> k.dump().read()).isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_GETLINK dump: the kernel answered errno 1 (EPERM)");
        assertThat(k.closed).isEqualTo(1);

        FakeKernel e = new FakeKernel();
        e.replies.add(concat(link(1, 1, 0x49, "lo", "noqueue"), done(1, 0)));
        e.replies.add(message(Messages.NLMSG_ERROR, (short) 0, 2, le(4).putInt(-95).array()));
        assertThatThrownBy(() -> e.dump().read()).hasMessage("RTM_GETQDISC dump: the kernel answered errno 95 (EOPNOTSUPP)");
    }

    @Test
    void malformedOrForeignReplies_andSilence_areErrors() {
        FakeKernel wrongSeq = new FakeKernel();
        wrongSeq.replies.add(done(9, 0));
        assertThatThrownBy(() -> wrongSeq.dump().read()).hasMessage("RTM_GETLINK dump: reply to request 9, expected 1");

        FakeKernel truncated = new FakeKernel();
        byte[] m = link(1, 1, 0x49, "lo", "noqueue");
        ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).putInt(0, m.length + 8);
        truncated.replies.add(m);
        assertThatThrownBy(() -> truncated.dump().read())
                .hasMessage("RTM_GETLINK dump: malformed reply (message length " + (m.length + 8) + " at byte 0 of "
                        + m.length + ")");

        FakeKernel silent = new FakeKernel();
        assertThatThrownBy(() -> silent.dump().read()).hasMessage("RTM_GETLINK dump: no answer within 5000 ms");
    }

    @Test
    void handles_printAsTcPrintsThem() {
        assertThat(LinkDump.handle(0)).isEqualTo("0:");
        assertThat(LinkDump.handle(0x00010000)).isEqualTo("1:");
        assertThat(LinkDump.handle(0x4e460000)).isEqualTo("4e46:");
        assertThat(LinkDump.handle(0xffff0000)).isEqualTo("ffff:");
    }

    @Test
    void timeval_isSecondsAndMicroseconds() {
        ByteBuffer tv = ByteBuffer.wrap(NetlinkSocket.timeval(java.time.Duration.ofMillis(5250)))
                .order(ByteOrder.nativeOrder());
        assertThat(tv.getLong(0)).isEqualTo(5);
        assertThat(tv.getLong(8)).isEqualTo(250_000);
    }
}
