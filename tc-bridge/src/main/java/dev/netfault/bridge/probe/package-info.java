/**
 * Probing capabilities: what the kernel and tools of a namespace can do.
 *
 * <p>{@link dev.netfault.bridge.probe.CapabilityProbe} tries each {@link dev.netfault.bridge.plan.Feature} (qdiscs,
 * filters and actions on a scratch link; an nftables egress-hook chain; iptables and ip6tables matches; ipset) in a
 * scratch namespace, or netfault-named in the target namespace where that is not allowed, reads back what the kernel
 * really installed, and undoes everything. The answer is a {@link dev.netfault.bridge.plan.Capabilities} with the
 * kernel's words for each missing feature.
 */
package dev.netfault.bridge.probe;
