/**
 * nftables without a process: {@code nft} commands run through Debian's {@code libnftables.so.1} (the library the
 * {@code nft} binary is made of) in this JVM, over JNA, with the same text, output, exit code and error words as the
 * binary. {@link dev.netfault.bridge.nftlib.NftRunner} routes {@code nft} commands to it and every other program to
 * the runner it wraps; {@link dev.netfault.bridge.nftlib.NftLoader} falls back to the process when the library cannot
 * be loaded. A target namespace is entered once, by the one long-lived thread that owns the library's context; the
 * same thread reads the namespace's links and qdiscs over rtnetlink ({@link dev.netfault.bridge.netlink}).
 */
package dev.netfault.bridge.nftlib;
