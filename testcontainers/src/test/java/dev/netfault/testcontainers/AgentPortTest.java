package dev.netfault.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentPortTest {

    /** A create command that only holds exposed ports and a host config, as the modifier uses them. */
    private static CreateContainerCmd command(Map<String, Object> state) {
        return (CreateContainerCmd) Proxy.newProxyInstance(CreateContainerCmd.class.getClassLoader(),
                new Class<?>[] {CreateContainerCmd.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getExposedPorts":
                            return state.get("exposed");
                        case "getHostConfig":
                            return state.get("host");
                        case "withExposedPorts":
                            state.put("exposed", ((List<?>) args[0]).toArray(ExposedPort[]::new));
                            return proxy;
                        case "withHostConfig":
                            state.put("host", args[0]);
                            return proxy;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void publish_addsTheAgentPortBesideTheApplicationsOwn() {
        Ports ports = new Ports();
        ports.bind(ExposedPort.tcp(8080), Ports.Binding.empty());
        Map<String, Object> state = new HashMap<>(Map.of(
                "exposed", new ExposedPort[] {ExposedPort.tcp(8080)},
                "host", HostConfig.newHostConfig().withPortBindings(ports)));
        CreateContainerCmd cmd = command(state);

        AgentPort.publish(51680).accept(cmd);
        AgentPort.publish(51680).accept(cmd); // twice: still one entry

        assertThat((ExposedPort[]) state.get("exposed")).containsExactly(ExposedPort.tcp(8080), ExposedPort.tcp(51680));
        assertThat(((HostConfig) state.get("host")).getPortBindings().getBindings())
                .containsOnlyKeys(ExposedPort.tcp(8080), ExposedPort.tcp(51680));
        assertThat(((HostConfig) state.get("host")).getPortBindings().getBindings().get(ExposedPort.tcp(51680)))
                .containsExactly(Ports.Binding.empty());
    }

    @Test
    void publish_onACommandWithNothingYet() {
        Map<String, Object> state = new HashMap<>();
        AgentPort.publish(51680).accept(command(state));
        assertThat((ExposedPort[]) state.get("exposed")).containsExactly(ExposedPort.tcp(51680));
        assertThat(((HostConfig) state.get("host")).getPortBindings().getBindings())
                .containsOnlyKeys(ExposedPort.tcp(51680));
    }
}
