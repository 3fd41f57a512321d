/**
 * Test fixtures of tc-bridge, published as its test-jar for the agent and end-to-end suites.
 *
 * <ul>
 *   <li>{@link dev.netfault.bridge.testing.RecordingRunner}: a fake runner for exact-argv unit tests.</li>
 *   <li>{@link dev.netfault.bridge.testing.Netns}: one fresh namespace, deleted on close and at JVM exit, with
 *       exec/run helpers; {@link dev.netfault.bridge.testing.Netns#assumeRoot()} skips with a printed reason where
 *       namespaces cannot be made.</li>
 *   <li>{@link dev.netfault.bridge.testing.NetnsPair}: the one pair builder, two of them joined by a veth pair
 *       (testbed lane 1, 198.51.100.1/.2 and 2001:db8::1/::2); {@link dev.netfault.bridge.testing.KernelRoundTrip}
 *       gives one namespace the veth loop {@code eth0}/{@code eth1} that planner round trips expect.</li>
 *   <li>{@link dev.netfault.bridge.testing.TrafficClient} runs {@link dev.netfault.bridge.testing.Traffic} inside a
 *       namespace (TCP server, UDP sink, TCP connects, UDP sends) and returns
 *       {@link dev.netfault.bridge.testing.ConnectStats} / {@link dev.netfault.bridge.testing.SendStats}.</li>
 *   <li>{@link dev.netfault.bridge.testing.KernelSnapshot}: iptables-save, ip6tables-save, nft, ipset, links, tc qdiscs
 *       and filters of a namespace for byte-for-byte comparisons, and the netfault-marked objects in them.</li>
 *   <li>{@link dev.netfault.bridge.testing.ApplicationState}: an application's own rules, nft table and htb root.</li>
 *   <li>{@link dev.netfault.bridge.testing.AppliedFault}: a fault planned and applied in a namespace as the agent does.</li>
 * </ul>
 *
 * <pre>{@code
 * Netns.assumeRoot();
 * try (NetnsPair pair = NetnsPair.create();
 *      TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(8080)) {
 *     ConnectStats c = TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, 8080, 500, 3);
 * }
 * }</pre>
 */
package dev.netfault.bridge.testing;
