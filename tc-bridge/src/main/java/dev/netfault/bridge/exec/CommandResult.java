package dev.netfault.bridge.exec;

/** How a process ended. Exit code -1 means it was killed at its deadline. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public static final int TIMED_OUT = -1;

    public boolean ok() {
        return exitCode == 0;
    }
}
