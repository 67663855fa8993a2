package io.modelgate.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one way the service makes a background timer (the model repository's poll, run leases, answer flushes, run
 * takeovers): one daemon thread with a name, so that a timer never keeps the JVM alive after Quarkus stopped and a
 * thread dump says whose it is.
 */
public final class DaemonTimers {

    private DaemonTimers() {
    }

    /** A single-thread scheduler whose thread is a daemon named {@code name}; its owner shuts it down. */
    public static ScheduledExecutorService single(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
