package dev.netfault.bridge.plan;

import dev.netfault.bridge.target.Targeting;

/**
 * A validated description of one fault: what to impair and how. Implemented by the record of each fault kind, one
 * folder per kind ({@code latency/}, {@code loss/}, {@code blackhole/}, {@code bandwidth/}, {@code impairment/}).
 */
public interface FaultSpec {

    /** The kind's wire name: {@code latency}, {@code loss}, {@code blackhole}, {@code bandwidth} or {@code impairment}. */
    String kind();

    /** Which traffic the fault impairs: the targeting every kind shares. */
    Targeting targeting();
}
