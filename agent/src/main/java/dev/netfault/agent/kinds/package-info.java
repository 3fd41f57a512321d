/**
 * One descriptor per fault kind, listed once in {@link dev.netfault.agent.kinds.Kinds#ALL}: everything the agent
 * knows about a kind beside its tc-bridge spec and planner.
 *
 * <h2>Adding a kind</h2>
 * <ol>
 *   <li><b>tc-bridge folder</b> {@code dev.netfault.bridge.<kind>}: the spec record (validates itself, {@code kind()}
 *       returns the wire name) and its {@code KindPlanner}; one line in {@code FaultPlanner.KINDS}.</li>
 *   <li><b>agent descriptor</b> {@code <Kind>Kind implements FaultKind<<Kind>Spec>} here (copy {@link
 *       dev.netfault.agent.kinds.LossKind}: name, route, journal fields, {@code parameters} view, health samples,
 *       {@code withTargeting}; override the defaults that differ: keyed, add-sources, exclusive group, platform); one line
 *       in {@code Kinds.ALL}.</li>
 *   <li><b>ECS body mapper</b> {@code api.<Kind>RequestMapper implements KindRequestMapper} (built on the API's body
 *       parser, which this package cannot see); one line in {@code api.EcsMappers}.</li>
 *   <li><b>CLI</b>: a {@code cli.<Kind>Command} group named after the kind with its {@code start} (its options); stop and
 *       status come from {@code cli.KindControl} for an unkeyed kind. One line in {@code NetfaultCommand}'s
 *       subcommands.</li>
 *   <li><b>tests</b>: the spec's and planner's unit tests in tc-bridge, the mapper's, and traffic proof; the registry
 *       tests ({@code KindsRegistryTest}, {@code KindsJournalTest}, {@code KindRoutesTest}, {@code KindCommandsTest})
 *       fail until every listing above has the kind.</li>
 *   <li><b>README</b>: a section for the kind in the existing format.</li>
 * </ol>
 *
 * <p>Journal, {@code GET /faults} views, platform requests, health and {@code doctor}, DNS re-resolution,
 * add-sources, conflicts, metrics labels and kernel counters all find the kind here; none of them branches on a spec
 * class. This package depends only on tc-bridge and Jackson, so every other agent package may use it.
 */
package dev.netfault.agent.kinds;
