/**
 * A Java client for the netfault agent's HTTP API, on the JDK's {@link java.net.http.HttpClient} and Jackson.
 *
 * <p>Start with {@link dev.netfault.client.NetfaultClient}; build faults with
 * {@link dev.netfault.client.LatencyFault#builder()}, {@link dev.netfault.client.PacketLossFault#builder()} and
 * {@link dev.netfault.client.BlackholeFault#port(int)}. Each builder refuses, with the agent's own message, every
 * value the agent would refuse, so a mistake fails in the test that made it rather than in a 400.
 */
package dev.netfault.client;
