package dev.netfault.bridge.state;

import static dev.netfault.bridge.testing.Captured.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.testing.RecordingRunner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FactsReaderTest {

    @Test
    void parse_capturedLinksAndQdiscs() {
        List<LinkQdiscs> links = FactsReader.parse(read("ip-link.json"), read("tc-qdisc.json"));

        assertThat(links).containsExactly(
                new LinkQdiscs(InterfaceName.of("lo"), true, true, new RootQdisc("noqueue", "0:"), Optional.empty()),
                new LinkQdiscs(InterfaceName.of("va"), false, true, new RootQdisc("htb", "4e46:"),
                        Optional.of("ingress")),
                new LinkQdiscs(InterfaceName.of("mq0"), false, true, new RootQdisc("mq", "0:"), Optional.empty()),
                new LinkQdiscs(InterfaceName.of("app0"), false, false, new RootQdisc("htb", "1:"),
                        Optional.of("clsact")),
                new LinkQdiscs(InterfaceName.of("nfx"), false, false, new RootQdisc("noop", "0:"), Optional.empty()),
                new LinkQdiscs(InterfaceName.of("NETFAULTX"), false, false, new RootQdisc("noop", "0:"),
                        Optional.empty()),
                new LinkQdiscs(InterfaceName.of("nf1a2b3c4di"), false, true, new RootQdisc("pfifo_fast", "0:"),
                        Optional.empty()),
                new LinkQdiscs(InterfaceName.of("nf1a2b3c4dd"), false, false, new RootQdisc("noop", "0:"),
                        Optional.empty()));
        assertThat(links.get(2).multiqueue()).isTrue();
        assertThat(links.get(2).root().isKernelDefault()).isTrue();
        assertThat(links.get(3).root().isKernelDefault()).isFalse();
        assertThat(links.get(1).hasIngressQdisc()).isTrue();
    }

    @Test
    void read_twoProcessesIntoNamespaceFacts() throws Exception {
        RecordingRunner runner = new RecordingRunner()
                .when("ip -j link show", new CommandResult(0, read("ip-link.json"), ""))
                .when("tc -j qdisc show", new CommandResult(0, read("tc-qdisc.json"), ""));

        NamespaceFacts facts = new FactsReader(runner).read(Capabilities.withoutNetem());

        assertThat(runner.lines()).containsExactly("ip -j link show", "tc -j qdisc show");
        assertThat(facts.links()).hasSize(8).first().isEqualTo(Link.of("lo", new RootQdisc("noqueue", "0:")));
        assertThat(facts.links().get(1)).isEqualTo(Link.of("va", new RootQdisc("htb", "4e46:")).withIngressQdisc("ingress"));
        assertThat(facts.links().get(3)).isEqualTo(Link.of("app0", new RootQdisc("htb", "1:")).withIngressQdisc("clsact"));
        assertThat(facts.links().get(1).ingressQdisc()).contains("ingress");
        assertThat(facts.links().get(2).ingressQdisc()).isEmpty();
        assertThat(facts.capabilities()).isEqualTo(Capabilities.withoutNetem());
    }

    @Test
    void read_failingToolNamesCommandAndKernelWords() {
        RecordingRunner runner = new RecordingRunner()
                .when("tc -j qdisc show", new CommandResult(127, "", "tc: No such file or directory"));

        assertThatThrownBy(() -> new FactsReader(runner).links())
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("'tc -j qdisc show' failed (exit 127): tc: No such file or directory");
    }

    /** A runner that reads links itself, or cannot now (then the processes run through it). */
    private static final class SourceRunner implements dev.netfault.bridge.exec.CommandRunner, LinkSource {
        final RecordingRunner processes;
        final Optional<List<LinkQdiscs>> links;
        int asked;

        SourceRunner(RecordingRunner processes, Optional<List<LinkQdiscs>> links) {
            this.processes = processes;
            this.links = links;
        }

        @Override
        public CommandResult run(dev.netfault.bridge.plan.Command command, java.time.Duration timeout)
                throws InterruptedException {
            return processes.run(command, timeout);
        }

        @Override
        public Optional<List<LinkQdiscs>> links(java.time.Duration timeout) {
            asked++;
            return links;
        }
    }

    @Test
    void links_fromARunnerThatReadsThemItself_runNoProcess_andFallBackWhenItCannot() throws Exception {
        List<LinkQdiscs> own = List.of(new LinkQdiscs(InterfaceName.of("lo"), true, true,
                new RootQdisc("noqueue", "0:"), Optional.empty()));
        SourceRunner reads = new SourceRunner(new RecordingRunner(), Optional.of(own));

        assertThat(new FactsReader(reads).links()).isEqualTo(own);
        assertThat(reads.asked).isEqualTo(1);
        assertThat(reads.processes.lines()).isEmpty();

        SourceRunner cannot = new SourceRunner(new RecordingRunner()
                .when("ip -j link show", new CommandResult(0, read("ip-link.json"), ""))
                .when("tc -j qdisc show", new CommandResult(0, read("tc-qdisc.json"), "")), Optional.empty());

        assertThat(new FactsReader(cannot).links()).hasSize(8);
        assertThat(cannot.asked).isEqualTo(1);
        assertThat(cannot.processes.lines()).containsExactly("ip -j link show", "tc -j qdisc show");
    }

    @Test
    void parse_notJsonIsAClearError() {
        assertThatThrownBy(() -> FactsReader.parse("qdisc noqueue 0: dev lo", "[]"))
                .isInstanceOf(KernelOutputException.class)
                .hasMessageStartingWith("'ip -j link show' printed output that is not JSON");
    }
}
