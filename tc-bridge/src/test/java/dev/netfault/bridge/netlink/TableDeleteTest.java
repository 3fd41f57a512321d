package dev.netfault.bridge.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What counts as a table delete, the batch's bytes, and the kernel's acknowledgements, on replies made here. */
class TableDeleteTest {

    private static final TableDelete.Table NETDEV = new TableDelete.Table(5, "netfault_1a2b3c4d");
    private static final TableDelete.Table INET = new TableDelete.Table(1, "netfault_0e0e0e0e");

    /** A kernel that answers the batch it is sent with acks of the given errors, in order. */
    private static final class Kernel implements Transport {
        final List<byte[]> sent = new ArrayList<>();
        final Deque<Integer> errors = new ArrayDeque<>();
        boolean malformed;

        @Override
        public void send(byte[] request) {
            sent.add(request);
        }

        @Override
        public int receive(byte[] buffer) throws NetlinkException {
            ByteBuffer req = ByteBuffer.wrap(sent.get(0)).order(ByteOrder.nativeOrder());
            ByteBuffer out = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
            int at = 0;
            int w = 0;
            while (at < req.limit()) {
                int len = req.getInt(at);
                if ((req.getShort(at + 6) & TableDelete.NLM_F_ACK) != 0) {
                    Integer e = errors.poll();
                    if (e == null) {
                        throw new NetlinkException("no answer within 2000 ms");
                    }
                    out.putInt(w, malformed ? 999 : 36).putShort(w + 4, Messages.NLMSG_ERROR).putShort(w + 6, (short) 0)
                            .putInt(w + 8, req.getInt(at + 8)).putInt(w + 12, 0).putInt(w + 16, e);
                    for (int i = 0; i < 16; i++) {
                        out.put(w + 20 + i, req.get(at + i));
                    }
                    w += 36;
                }
                at += len;
            }
            return w;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void parse_onlyPlainTableDeletes_eachTableOnce() {
        assertThat(TableDelete.parse("delete table netdev netfault_1a2b3c4d")).contains(List.of(NETDEV));
        assertThat(TableDelete.parse("delete table netdev netfault_1a2b3c4d\ndelete table inet netfault_0e0e0e0e\n"))
                .contains(List.of(NETDEV, INET));
        assertThat(TableDelete.parse("add table inet t")).isEmpty();
        assertThat(TableDelete.parse("delete table netdev netfault_1a2b3c4d\nadd table inet t\n")).isEmpty();
        assertThat(TableDelete.parse("delete table netdev handle 7")).isEmpty();
        assertThat(TableDelete.parse("delete table netdev \"odd name\"")).isEmpty();
        assertThat(TableDelete.parse("delete table mystery t")).isEmpty();
        assertThat(TableDelete.parse("delete table netdev t\ndelete table netdev t")).isEmpty();
        assertThat(TableDelete.parse("\n")).isEmpty();
    }

    @Test
    void batch_isBeginDeltablePerTableEnd_withTheFamilyAndNameOfEach() {
        ByteBuffer b = ByteBuffer.wrap(TableDelete.batch(List.of(NETDEV, INET), 100)).order(ByteOrder.nativeOrder());

        // BATCH_BEGIN: header + nfgenmsg {AF_UNSPEC, v0, res_id htons(NFNL_SUBSYS_NFTABLES)}
        assertThat(b.getInt(0)).isEqualTo(20);
        assertThat(b.getShort(4)).isEqualTo((short) 0x10);
        assertThat(b.getShort(6)).isEqualTo((short) 1);
        assertThat(b.getInt(8)).isEqualTo(100);
        assertThat(new byte[] {b.get(16), b.get(17), b.get(18), b.get(19)}).containsExactly(0, 0, 0, 10);
        // DELTABLE netdev: type 0x0a02, REQUEST|ACK, family NFPROTO_NETDEV, NFTA_TABLE_NAME "netfault_1a2b3c4d\0"
        int m = 20;
        assertThat(b.getInt(m)).isEqualTo(16 + 4 + 24);
        assertThat(b.getShort(m + 4)).isEqualTo((short) 0x0a02);
        assertThat(b.getShort(m + 6)).isEqualTo((short) 5);
        assertThat(b.getInt(m + 8)).isEqualTo(101);
        assertThat(b.get(m + 16)).isEqualTo((byte) 5);
        assertThat(b.getShort(m + 20)).isEqualTo((short) 22);
        assertThat(b.getShort(m + 22)).isEqualTo((short) 1);
        byte[] name = new byte[18];
        b.get(m + 24, name);
        assertThat(new String(name, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("netfault_1a2b3c4d\0");
        int n = m + 44;
        assertThat(b.getInt(n + 8)).isEqualTo(102);
        assertThat(b.get(n + 16)).isEqualTo((byte) 1);
        int end = n + 44;
        assertThat(b.getShort(end + 4)).isEqualTo((short) 0x11);
        assertThat(b.getInt(end + 8)).isEqualTo(103);
        assertThat(b.limit()).isEqualTo(end + 20);
    }

    @Test
    void delete_trueWhenEveryTableIsAcknowledged_falseWhenTheKernelRefusesOne() throws Exception {
        Kernel ok = new Kernel();
        ok.errors.addAll(List.of(0, 0));
        assertThat(new TableDelete(() -> ok).delete(List.of(NETDEV, INET))).isTrue();
        assertThat(ok.sent).hasSize(1);

        Kernel refused = new Kernel();
        refused.errors.addAll(List.of(0, -2));
        assertThat(new TableDelete(() -> refused).delete(List.of(NETDEV, INET))).isFalse();
    }

    @Test
    void delete_aMalformedOrMissingAnswer_isAnError() {
        Kernel malformed = new Kernel();
        malformed.errors.add(0);
        malformed.malformed = true;
        assertThatThrownBy(() -> new TableDelete(() -> malformed).delete(List.of(NETDEV)))
                .isInstanceOf(NetlinkException.class).hasMessage("NFT_MSG_DELTABLE: malformed reply (message length 999)");

        Kernel silent = new Kernel();
        assertThatThrownBy(() -> new TableDelete(() -> silent).delete(List.of(NETDEV)))
                .hasMessage("no answer within 2000 ms");
        assertThat(Optional.of(silent.sent)).get().asList().hasSize(1);
    }
}
