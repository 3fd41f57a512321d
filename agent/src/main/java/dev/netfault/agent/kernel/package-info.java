/**
 * Kernel mode: the {@link dev.netfault.agent.faults.Enforcer} that enforces faults in this network namespace with
 * tc-bridge's planners and executor, as {@code dev.netfault.agent.platform} holds the platform mode's.
 *
 * <ul>
 *   <li>{@link dev.netfault.agent.kernel.KernelEnforcer}: plan, apply, verify, revert, with facts read per fault and
 *       capabilities probed once at start</li>
 *   <li>{@link dev.netfault.agent.kernel.KernelCommit}: a fault's apply with its verify and its revert with the
 *       read-back, alone or group-committed in one {@code nft -f -} transaction ({@code NftBatch})</li>
 *   <li>{@link dev.netfault.agent.kernel.KernelHealth}: which fault kinds work here, asked of the planners
 *       themselves (for {@code /healthz} and {@code netfault doctor})</li>
 *   <li>{@link dev.netfault.agent.kernel.StateReadback}: a fault's objects and counters, read back from the kernel</li>
 *   <li>{@link dev.netfault.agent.kernel.KernelSweep}: the reconcile sweep of netfault objects no live fault owns</li>
 * </ul>
 *
 * Kernel knowledge stays in tc-bridge: what a fault touches comes from its plan, never from reading its argv.
 */
package dev.netfault.agent.kernel;
