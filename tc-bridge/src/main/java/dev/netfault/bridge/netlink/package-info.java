/**
 * Netlink without a process. rtnetlink: the namespace's links ({@code RTM_GETLINK}) and qdiscs ({@code RTM_GETQDISC}) dumped
 * over a {@code NETLINK_ROUTE} socket opened by the calling thread, so in that thread's network namespace — the
 * same two kernel dumps {@code ip -j link show} and {@code tc -j qdisc show} print, read in about a tenth of a
 * millisecond instead of two processes. {@link dev.netfault.bridge.netlink.LinkDump} asks and joins the answers;
 * {@link dev.netfault.bridge.netlink.NetlinkSocket} is the socket (libc through JNA);
 * {@link dev.netfault.bridge.netlink.Messages} encodes requests and splits replies. The one change made here is
 * {@link dev.netfault.bridge.netlink.TableDelete}: an {@code nft delete table} sent as the kernel's own nfnetlink
 * batch, without the ruleset cache libnftables fills before every command.
 */
package dev.netfault.bridge.netlink;
