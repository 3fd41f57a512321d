package dev.netfault.e2e.guest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A tiny client the flow test runs inside the client namespace ({@code java -cp test-classes ...FlowProbe HOST PORT N}):
 * opens N TCP connections one after another, each from a new ephemeral port and so a new 5-tuple flow, and prints
 * one line per flow: {@code flow <localPort> <connect ms>}, the connect time being one round trip (SYN, SYN-ACK).
 */
public final class FlowProbe {
    private FlowProbe() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int flows = Integer.parseInt(args[2]);
        for (int i = 0; i < flows; i++) {
            try (Socket socket = new Socket()) {
                long start = System.nanoTime();
                socket.connect(server, 5_000);
                double ms = (System.nanoTime() - start) / 1e6;
                System.out.printf("flow %d %.3f%n", socket.getLocalPort(), ms);
            }
        }
    }
}
