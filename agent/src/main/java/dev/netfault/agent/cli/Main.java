package dev.netfault.agent.cli;

/** Entry point of {@code netfault.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // serve builds its metrics and starts the kernel probe while logging initialises, so SLF4J holds their first
        // log calls and replays them once it is ready, and says so on stderr at every start: keep its own notices to
        // errors (the replayed calls are logged as usual)
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(NetfaultCommand.execute(args));
    }
}
