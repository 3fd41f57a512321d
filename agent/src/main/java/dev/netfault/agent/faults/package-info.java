/**
 * The fault lifecycle, whatever enforces it: admission and conflicts, start / stop / expiry, the journal that
 * survives a restart, the reconciler, and the {@link dev.netfault.agent.faults.Enforcer} seam that the kernel mode
 * ({@code dev.netfault.agent.kernel}) and the platform mode ({@code dev.netfault.agent.platform}) implement.
 */
package dev.netfault.agent.faults;
