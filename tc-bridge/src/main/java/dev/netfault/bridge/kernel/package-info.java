/**
 * The bridge's eyes on the kernel: what a namespace can do and what netfault has in it now.
 *
 * <ul>
 *   <li>{@link dev.netfault.bridge.kernel.CapabilityProbe}: tries each feature (qdiscs, filters, actions, nftables
 *       egress hook, iptables matches, ipset) in a scratch namespace and reads back what the kernel installed</li>
 *   <li>{@link dev.netfault.bridge.kernel.FactsReader}: links and their root / ingress qdiscs, for the planners</li>
 *   <li>{@link dev.netfault.bridge.kernel.StateReader}: every netfault-owned object now, with kernel counters</li>
 *   <li>{@link dev.netfault.bridge.kernel.Sweeper}: removes owned objects that are not kept, never anyone else's</li>
 * </ul>
 *
 * Everything runs through {@link dev.netfault.bridge.exec.CommandRunner} (argv only; wrap it in a
 * {@link dev.netfault.bridge.exec.NetnsRunner} to act on another namespace). Ownership is decided by
 * {@link dev.netfault.bridge.plan.Ownership} names alone.
 */
package dev.netfault.bridge.kernel;
