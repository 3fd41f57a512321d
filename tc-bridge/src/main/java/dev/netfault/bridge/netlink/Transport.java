package dev.netfault.bridge.netlink;

/** A netlink socket to the kernel, as {@link LinkDump} uses it: one request out, reply datagrams in. */
interface Transport extends AutoCloseable {

    /** Opens a transport; the real one is a socket in the calling thread's namespace. */
    @FunctionalInterface
    interface Opener {
        Transport open() throws NetlinkException;
    }

    void send(byte[] request) throws NetlinkException;

    /**
     * Reads one datagram into {@code buffer}; returns its length. Throws when none comes by the socket's deadline or
     * the datagram is longer than the buffer.
     */
    int receive(byte[] buffer) throws NetlinkException;

    @Override
    void close();
}
