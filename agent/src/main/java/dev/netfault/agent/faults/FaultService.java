package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The fault lifecycle the HTTP API drives. Implementations serialise changes per network namespace, journal a fault
 * before applying it, expire every fault, and read status from the kernel (or the platform), not from memory.
 *
 * <p>Errors: {@link IllegalArgumentException} (400: bad input, changes nothing), {@link ConflictException} and
 * {@link dev.netfault.bridge.plan.SlotTakenException} (409: another fault holds what this one needs; stop it first),
 * {@link dev.netfault.bridge.plan.UnsupportedFaultException} and {@link dev.netfault.bridge.plan.ForeignQdiscException}
 * (400: this namespace cannot do it, message says why), {@link dev.netfault.bridge.exec.CommandFailedException} (500:
 * names the failing command and the kernel's message; nothing is left half-applied).
 */
public interface FaultService {

    /**
     * Starts a fault that lasts {@code duration} (empty: the agent's maximum). Starting a blackhole whose key is
     * already running returns the running one (idempotent, as the ECS agent answers 200 "running").
     */
    ActiveFault start(FaultSpec spec, Optional<Duration> duration) throws InterruptedException;

    /** Stops the fault with this key; false when none was running (the API still answers "stopped"). */
    boolean stop(FaultKey key) throws InterruptedException;

    /**
     * Adds sources and exemptions to the running latency or loss fault of {@code key} with no moment unimpaired (the
     * ECS agent's add-sources); returns the fault as it runs now.
     *
     * @throws NotRunningException (404) when no fault of that kind runs
     */
    ActiveFault addSources(FaultKey key, List<Cidr> sources, List<Cidr> exemptions) throws InterruptedException;

    /** True when a fault with this key is active and its objects are present in the kernel now. */
    boolean running(FaultKey key) throws InterruptedException;

    /** Every active fault with the kernel's view of it. */
    List<FaultView> list() throws InterruptedException;

    /** The kill switch: stops every fault this agent applied and returns them. */
    List<ActiveFault> stopAll() throws InterruptedException;

    Health health();
}
