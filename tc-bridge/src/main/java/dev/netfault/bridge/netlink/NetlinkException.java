package dev.netfault.bridge.netlink;

import java.io.IOException;

/** A netlink request failed: the message names the request and the kernel's (or libc's) error. */
public final class NetlinkException extends IOException {

    public NetlinkException(String message) {
        super(message);
    }
}
