package dev.netfault.agent.cli;

/** Entry point of {@code netfault.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(NetfaultCommand.execute(args));
    }
}
