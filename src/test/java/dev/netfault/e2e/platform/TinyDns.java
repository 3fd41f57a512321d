package dev.netfault.e2e.platform;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny authoritative DNS responder for tests, run as its own process inside a test namespace:
 * {@code java -cp ... TinyDns 127.0.0.1 53 ZONEFILE}. The zone file ({@code name address} per line) is read again for
 * every query, so a test changes the answers by rewriting it. Every answer has TTL 1; unknown names get NXDOMAIN.
 */
public final class TinyDns {

    private TinyDns() {
    }

    public static void main(String[] args) throws IOException {
        Path zone = Path.of(args[2]);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])))) {
            System.out.println("ready");
            System.out.flush();
            byte[] buf = new byte[512];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] answer = answer(buf, p.getLength(), zone);
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            }
        }
    }

    static byte[] answer(byte[] q, int len, Path zone) throws IOException {
        if (len < 17) {
            return null;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (pos < len && q[pos] != 0) {
            int l = q[pos] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, l, StandardCharsets.US_ASCII));
            pos += l + 1;
        }
        pos++;
        int qtype = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        String wanted = name.toString().toLowerCase(Locale.ROOT);
        List<InetAddress> hits = new ArrayList<>();
        boolean known = false;
        for (String line : Files.readAllLines(zone)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equalsIgnoreCase(wanted)) {
                known = true;
                InetAddress a = InetAddress.getByName(f[1]);
                if ((qtype == 1 && a.getAddress().length == 4) || (qtype == 28 && a.getAddress().length == 16)) {
                    hits.add(a);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q, 0, 2); // id
        out.write(0x84 | (q[2] & 0x01)); // QR, AA, RD copied
        out.write(known ? 0x00 : 0x03); // NOERROR or NXDOMAIN
        out.write(new byte[] {0, 1, 0, (byte) hits.size(), 0, 0, 0, 0}, 0, 8);
        out.write(q, 12, questionEnd - 12);
        for (InetAddress a : hits) {
            byte[] addr = a.getAddress();
            out.write(new byte[] {(byte) 0xc0, 12, 0, (byte) qtype, 0, 1, 0, 0, 0, 1, 0, (byte) addr.length}, 0, 12);
            out.write(addr, 0, addr.length);
        }
        return out.toByteArray();
    }
}
