/**
 * Reading kernel state: what a namespace has in it now, read from the tools' own output.
 *
 * <ul>
 *   <li>{@link dev.netfault.bridge.state.FactsReader}: links and their root / ingress qdiscs, for the planners (from
 *       a runner that is a {@link dev.netfault.bridge.state.LinkSource} when it can: rtnetlink in-process)</li>
 *   <li>{@link dev.netfault.bridge.state.StateReader}: every netfault-owned object now ({@link
 *       dev.netfault.bridge.state.KernelState}, one {@link dev.netfault.bridge.state.KernelObject} each), with kernel
 *       counters, from {@code tc -j}, {@code nft -j}, {@code iptables-save} and {@code ipset list}</li>
 * </ul>
 *
 * Nothing here changes the kernel. Everything runs through {@link dev.netfault.bridge.exec.CommandRunner} (argv
 * only; wrap it in a {@link dev.netfault.bridge.exec.NetnsRunner} to read another namespace). Ownership is decided by
 * {@link dev.netfault.bridge.plan.Ownership} names alone. Output that cannot be parsed is a
 * {@link dev.netfault.bridge.state.KernelOutputException}.
 */
package dev.netfault.bridge.state;
