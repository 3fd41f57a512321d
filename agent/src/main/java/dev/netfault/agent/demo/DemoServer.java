package dev.netfault.agent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The demo's server: answers every HTTP request with {@code 200 ok} and closes the connection. */
public final class DemoServer implements AutoCloseable {

    private static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "demo-server");
        t.setDaemon(true);
        return t;
    });

    public DemoServer(InetSocketAddress listen) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(listen, 512);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Accepts connections until closed. */
    public void serve() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                pool.execute(() -> answer(c));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void answer(Socket c) {
        try (c) {
            c.setSoTimeout(5000);
            InputStream in = c.getInputStream();
            int matched = 0;
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = c.getOutputStream();
            out.write(RESPONSE);
            out.flush();
        } catch (IOException e) {
            // the client went away or timed out: nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        pool.shutdownNow();
    }
}
