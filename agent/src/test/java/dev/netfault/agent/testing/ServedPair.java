package dev.netfault.agent.testing;

import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of a privileged test of {@code netfault serve --netns}: skips the test without root, creates a namespace
 * pair with its neighbours learnt, serves the agent on side a, and after each test stops the agent, deletes the pair,
 * then closes what the test handed to {@link #closesLast} (even when the test failed).
 *
 * <pre>{@code
 * @RegisterExtension
 * final ServedPair served = new ServedPair();
 * ...
 * NetnsPair pair = served.create(NetnsPair.builder().prefix("nfx"));
 * ServedAgent agent = served.serve(state);
 * }</pre>
 */
public final class ServedPair implements BeforeEachCallback, AfterEachCallback {

    private final List<AutoCloseable> last = new ArrayList<>();
    private NetnsPair pair;
    private ServedAgent agent;

    @Override
    public void beforeEach(ExtensionContext context) {
        Netns.assumeRoot();
    }

    /** Creates the pair {@code builder} describes and warms its neighbour tables. */
    public NetnsPair create(NetnsPair.Builder builder) throws InterruptedException {
        if (pair != null) {
            throw new IllegalStateException("one pair a test: " + pair.a().name());
        }
        pair = builder.create();
        pair.warmNeighbours();
        return pair;
    }

    /** The pair {@link #create} made. */
    public NetnsPair pair() {
        if (pair == null) {
            throw new IllegalStateException("no pair created yet");
        }
        return pair;
    }

    /** {@code netfault serve} on side a with {@code state} as its state directory; stops an agent served before. */
    public ServedAgent serve(Path state, String... jvmOptions) throws Exception {
        return serve(state, List.of(), jvmOptions);
    }

    /** As {@link #serve(Path, String...)} with more {@code serve} options, e.g. {@code --allow-unleased}. */
    public ServedAgent serve(Path state, List<String> serveOptions, String... jvmOptions) throws Exception {
        if (agent != null) {
            agent.close();
            agent = null;
        }
        agent = ServedAgent.start(state, pair().a().name(), serveOptions, jvmOptions);
        return agent;
    }

    /** {@code resource}, closed after the agent and the pair (e.g. a DNS server the agent asks until it stops). */
    public <T extends AutoCloseable> T closesLast(T resource) {
        last.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            agent = null;
            try {
                if (pair != null) {
                    pair.close();
                }
            } finally {
                pair = null;
                for (AutoCloseable c : last) {
                    c.close();
                }
                last.clear();
            }
        }
    }
}
