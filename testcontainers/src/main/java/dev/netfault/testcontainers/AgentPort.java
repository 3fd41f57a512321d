package dev.netfault.testcontainers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.testcontainers.containers.GenericContainer;

/**
 * How the test process reaches the agent: the application container publishes the agent's port (the sidecar shares
 * its network namespace and so can publish none). It is added to the application's create command, not to its exposed
 * ports, so the application's wait strategy does not wait for a port that only the sidecar will open.
 */
final class AgentPort {

    private AgentPort() {
    }

    /** A create-command modifier that publishes {@code port} on a random host port, keeping the others. */
    static Consumer<CreateContainerCmd> publish(int port) {
        ExposedPort agent = ExposedPort.tcp(port);
        return cmd -> {
            List<ExposedPort> exposed = new ArrayList<>(
                    cmd.getExposedPorts() == null ? List.of() : Arrays.asList(cmd.getExposedPorts()));
            if (!exposed.contains(agent)) {
                exposed.add(agent);
            }
            cmd.withExposedPorts(exposed);
            HostConfig host = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
            Ports bindings = host.getPortBindings() == null ? new Ports() : host.getPortBindings();
            if (!bindings.getBindings().containsKey(agent)) {
                bindings.bind(agent, Ports.Binding.empty());
            }
            cmd.withHostConfig(host.withPortBindings(bindings));
        };
    }

    /** The host port Docker chose for {@code port} on the started application container. */
    static int mapped(GenericContainer<?> application, int port) {
        Ports.Binding[] bindings = application.getContainerInfo().getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new SidecarFailure("the application container " + application.getContainerName()
                    + " does not publish the agent's port " + port + ": create the NetfaultContainer before the"
                    + " application starts (declare its @Container field after the application's)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }
}
