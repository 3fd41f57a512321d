/**
 * Removing objects: netfault-owned kernel objects that no live fault keeps.
 *
 * <p>{@link dev.netfault.bridge.sweep.Sweeper} removes what {@link dev.netfault.bridge.state.StateReader} reports as
 * owned and not kept, never anyone else's; {@link dev.netfault.bridge.sweep.FilterTables} removes the empty
 * {@code ip filter} / {@code ip6 filter} tables iptables-nft left behind when netfault created them.
 */
package dev.netfault.bridge.sweep;
