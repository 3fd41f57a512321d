package dev.netfault.agent.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A one-name authoritative DNS server on UDP {@code 127.0.0.1}, for tests whose answers must change while an agent
 * runs (point the agent's JVM at it with {@code -Ddns.server=127.0.0.1:PORT}, which dnsjava honours). It answers A
 * queries for its name with the addresses set now (TTL 1 s), AAAA with no data, every other name with NXDOMAIN, and
 * notes when it first served each answer.
 */
final class ZoneServer implements AutoCloseable {

    private final Name name;
    private final DatagramSocket socket;
    private final AtomicReference<List<InetAddress>> answer;
    private final AtomicReference<List<InetAddress>> lastServed = new AtomicReference<>(List.of());
    private final AtomicLong changedServedAt = new AtomicLong(-1);
    private final AtomicLong queries = new AtomicLong();
    private final Thread loop;

    ZoneServer(String name, List<InetAddress> first) throws IOException {
        this.name = Name.fromString(name.endsWith(".") ? name : name + ".");
        this.answer = new AtomicReference<>(List.copyOf(first));
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.loop = new Thread(this::serve, "zone-server " + name);
        loop.setDaemon(true);
        loop.start();
    }

    /** {@code 127.0.0.1:PORT}, the value for {@code -Ddns.server}. */
    String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Answers {@code addresses} from now on. */
    void answer(List<InetAddress> addresses) {
        answer.set(List.copyOf(addresses));
    }

    /** Wall-clock millis of the first A answer that differed from the one before it, or -1. */
    long changedServedAtMillis() {
        return changedServedAt.get();
    }

    long queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                byte[] out = reply(new Message(Arrays.copyOf(in.getData(), in.getLength())));
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // a malformed query: ignore it as a server would
            }
        }
    }

    private byte[] reply(Message query) {
        queries.incrementAndGet();
        Record q = query.getQuestion();
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.addRecord(q, Section.QUESTION);
        if (!q.getName().equals(name)) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (q.getType() == Type.A) {
            List<InetAddress> now = answer.get();
            for (InetAddress a : now) {
                r.addRecord(new ARecord(name, DClass.IN, 1, a), Section.ANSWER);
            }
            List<InetAddress> before = lastServed.getAndSet(now);
            if (!before.isEmpty() && !Objects.equals(before, now)) {
                changedServedAt.compareAndSet(-1, System.currentTimeMillis());
            }
        }
        return r.toWire();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        loop.join(2000);
    }
}
