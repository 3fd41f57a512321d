package dev.netfault.e2e.guest;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One namespace pair and one agent for the whole guest run: the agent's JVM takes tens of seconds to start under
 * emulation, so every test class shares it (JUnit closes it, SIGTERM then namespace removal, after the last class).
 */
final class SharedAgent implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedAgent.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        GuestAssumptions.assumeNetem();
        context.getRoot().getStore(NS).getOrComputeIfAbsent("fixture", key -> Fixture.create(), Fixture.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Fixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NS).get("fixture", Fixture.class);
    }

    /** The shared pair, agent and the baseline RTT measured before any fault. */
    record Fixture(NamespacePair pair, Agent agent, double baseline) implements AutoCloseable {
        static Fixture create() {
            NamespacePair pair = NamespacePair.create();
            try {
                Agent agent = Agent.start(pair.client);
                double baseline = Ping.run(pair.client, NamespacePair.SERVER_V4, 30, "0.02").median();
                System.out.printf("guest fixture: baseline median RTT %.2f ms%n", baseline);
                return new Fixture(pair, agent, baseline);
            } catch (Exception e) {
                pair.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot start the agent in the guest: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                agent.close();
            } finally {
                pair.close();
            }
        }
    }
}
