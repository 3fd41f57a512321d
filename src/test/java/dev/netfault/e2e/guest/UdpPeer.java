package dev.netfault.e2e.guest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * One end of a numbered UDP stream, run as its own JVM in a namespace ({@link UdpPeerProcess} starts it):
 * {@code UdpPeer PORT} binds {@code [::]:PORT}, prints {@code ready}, then obeys lines on standard input:
 * <ul>
 *   <li>{@code send HOST PORT COUNT GAP_US}: sends datagrams 0..COUNT-1, GAP_US microseconds apart; prints
 *       {@code sent S errors E}.</li>
 *   <li>{@code report EARLY_MS}: prints what arrived since the last report, then forgets it:
 *       {@code report received R intact I corrupt C unique U duplicates D late L early E owd50 M owd90 N owd0 Z}.</li>
 * </ul>
 * A datagram is {@value #SIZE} bytes: its sequence number, the sender's {@link System#nanoTime()} (CLOCK_MONOTONIC,
 * shared by every namespace of one kernel, so the receiver gets the one-way delay), a filler derived from the sequence
 * number, and a CRC-32 of all that. A datagram whose CRC does not match is counted as corrupt and nothing else is read
 * from it; one whose bit flip hit the IP or UDP header or the UDP checksum's cover is dropped by the kernel before it
 * gets here. {@code late}: intact datagrams arriving after one with a higher number (inversions of the stream);
 * {@code early}: first copies whose one-way delay was under EARLY_MS; {@code owd50/90/0}: the one-way delay percentiles
 * (0: the least) of first copies, in milliseconds, which include the time a busy receiver takes to read them.
 */
public final class UdpPeer {

    static final int SIZE = 200;
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private final DatagramSocket socket;
    private final Object lock = new Object();
    private final BitSet seen = new BitSet();
    private final List<Double> owd = new ArrayList<>();
    private long received;
    private long corrupt;
    private long duplicates;
    private long late;
    private long maxSeq = -1;

    private UdpPeer(DatagramSocket socket) {
        this.socket = socket;
    }

    public static void main(String[] args) throws Exception {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReceiveBufferSize(4 << 20);
        socket.bind(new InetSocketAddress(InetAddress.getByName("::"), Integer.parseInt(args[0])));
        socket.setSoTimeout(200);
        UdpPeer peer = new UdpPeer(socket);
        Thread receiver = new Thread(peer::receive, "receive");
        receiver.setDaemon(true);
        receiver.start();
        OUT.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] f = line.trim().split(" ");
            if (f[0].equals("send")) {
                peer.send(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]));
            } else if (f[0].equals("report")) {
                OUT.println(peer.report(Double.parseDouble(f[1])));
            } else {
                OUT.println("error unknown command: " + line);
            }
        }
        socket.close();
    }

    private void send(String host, int port, int count, long gapMicros) throws java.io.IOException {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(host), port);
        int sent = 0;
        int errors = 0;
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        long next = System.nanoTime();
        for (long seq = 0; seq < count; seq++) {
            b.clear();
            b.putLong(seq).putLong(System.nanoTime());
            while (b.position() < SIZE - 4) {
                b.put((byte) (seq * 31 + b.position()));
            }
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, SIZE - 4);
            b.putInt((int) crc.getValue());
            try {
                socket.send(new DatagramPacket(b.array(), SIZE, to));
                sent++;
            } catch (java.io.IOException e) {
                errors++;
            }
            next += gapMicros * 1000;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        OUT.println("sent " + sent + " errors " + errors);
    }

    private void receive() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (java.io.IOException e) {
                return;
            }
            long now = System.nanoTime();
            ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength());
            CRC32 crc = new CRC32();
            crc.update(buf, 0, Math.max(0, p.getLength() - 4));
            boolean intact = p.getLength() == SIZE && b.getInt(SIZE - 4) == (int) crc.getValue();
            synchronized (lock) {
                received++;
                if (!intact) {
                    corrupt++;
                    continue;
                }
                long seq = b.getLong(0);
                if (seq < maxSeq) {
                    late++;
                }
                maxSeq = Math.max(maxSeq, seq);
                if (seen.get((int) seq)) {
                    duplicates++;
                } else {
                    seen.set((int) seq);
                    owd.add((now - b.getLong(8)) / 1e6);
                }
            }
        }
    }

    private String report(double earlyMs) throws InterruptedException {
        Thread.sleep(1_000); // what is still in flight (delayed) arrives first
        synchronized (lock) {
            List<Double> sorted = new ArrayList<>(owd);
            sorted.sort(null);
            long early = sorted.stream().filter(d -> d < earlyMs).count();
            String line = String.format(java.util.Locale.ROOT, "report received %d intact %d corrupt %d unique %d "
                            + "duplicates %d late %d early %d owd50 %.2f owd90 %.2f owd0 %.2f", received, received - corrupt,
                    corrupt, seen.cardinality(), duplicates, late, early, percentile(sorted, 50), percentile(sorted, 90),
                    sorted.isEmpty() ? Double.NaN : sorted.get(0));
            seen.clear();
            owd.clear();
            received = corrupt = duplicates = late = 0;
            maxSeq = -1;
            return line;
        }
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p / 100 * sorted.size()) - 1)));
    }
}
