package dev.netfault.bridge.plan;

/** A validated description of one fault: what to impair and how. Implemented by the records of each fault kind. */
public interface FaultSpec {

    /** The kind's wire name: {@code latency}, {@code loss} or {@code blackhole}. */
    String kind();
}
