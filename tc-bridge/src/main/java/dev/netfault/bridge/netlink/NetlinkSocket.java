package dev.netfault.bridge.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A netlink socket ({@code NETLINK_ROUTE} or {@code NETLINK_NETFILTER}), opened (and so bound to the network namespace
 * of) the calling thread, with
 * {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO} as its deadline. Unconnected: what it sends goes to the kernel.
 */
final class NetlinkSocket implements Transport {

    /** The libc calls a socket needs; JNA maps {@code long} to {@code ssize_t/size_t} on 64-bit Linux. */
    interface Libc extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        long send(int fd, byte[] buf, long length, int flags) throws LastErrorException;

        long recv(int fd, byte[] buf, long length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int NETLINK_NETFILTER = 12;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDTIMEO = 21;
    private static final int MSG_TRUNC = 0x20;
    private static final int EAGAIN = 11;

    private static volatile Libc libc;

    private final Libc c;
    private final int fd;
    private final Duration timeout;

    private NetlinkSocket(Libc c, int fd, Duration timeout) {
        this.c = c;
        this.fd = fd;
        this.timeout = timeout;
    }

    static NetlinkSocket open(int protocol, Duration timeout) throws NetlinkException {
        Libc c = libc();
        int fd;
        try {
            fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw new NetlinkException("socket(AF_NETLINK, " + (protocol == NETLINK_ROUTE ? "NETLINK_ROUTE"
                    : "NETLINK_NETFILTER") + "): " + e.getMessage());
        }
        try {
            byte[] tv = timeval(timeout);
            c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tv.length);
            c.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, tv, tv.length);
        } catch (LastErrorException e) {
            c.close(fd);
            throw new NetlinkException("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO): " + e.getMessage());
        }
        return new NetlinkSocket(c, fd, timeout);
    }

    private static Libc libc() {
        Libc c = libc;
        if (c == null) {
            c = Native.load("c", Libc.class);
            libc = c;
        }
        return c;
    }

    /** {@code struct timeval} on 64-bit Linux: seconds and microseconds, two longs. */
    static byte[] timeval(Duration d) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(d.toSeconds())
                .putLong(d.toMillisPart() * 1000L).array();
    }

    @Override
    public void send(byte[] request) throws NetlinkException {
        try {
            c.send(fd, request, request.length, 0);
        } catch (LastErrorException e) {
            throw new NetlinkException("send: " + e.getMessage());
        }
    }

    @Override
    public int receive(byte[] buffer) throws NetlinkException {
        long n;
        try {
            n = c.recv(fd, buffer, buffer.length, MSG_TRUNC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN) {
                throw new NetlinkException("no answer within " + timeout.toMillis() + " ms");
            }
            throw new NetlinkException("recv: " + e.getMessage());
        }
        if (n > buffer.length) {
            throw new NetlinkException("a reply of " + n + " bytes is longer than the " + buffer.length
                    + "-byte buffer");
        }
        return (int) n;
    }

    @Override
    public void close() {
        try {
            c.close(fd);
        } catch (LastErrorException ignored) {
            // closing a socket we opened cannot fail in a way that matters here
        }
    }
}
