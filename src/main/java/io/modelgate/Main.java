package io.modelgate;

import io.modelgate.evaluation.BenchmarkCommand;
import io.modelgate.evaluation.StoreCopyCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * One jar, three uses: with no arguments it serves; {@code benchmark …} runs the benchmark CLI and {@code store copy …}
 * copies one store into another, each exiting with its code. The commands listen on a random port, so they can run
 * beside a serving instance.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("store") && StoreCopyCommand.needsDatabase(args)) {
            // The copy reaches PostgreSQL whichever store the service itself uses (modelgate.store).
            setIfAbsent("quarkus.datasource.active", "true");
        }
        if (args.length > 0 && (args[0].equals("benchmark") || args[0].equals("store"))) {
            // The CLI's stdout is its report: the log goes to stderr, without the banner and the INFO lines.
            if (System.getenv("QUARKUS_HTTP_PORT") == null) {
                setIfAbsent("quarkus.http.port", "0");
            }
            setIfAbsent("quarkus.banner.enabled", "false");
            setIfAbsent("quarkus.log.console.stderr", "true");
            setIfAbsent("quarkus.log.level", "WARN");
            // A command runs its own run and exits: it never takes over a server's runs.
            setIfAbsent("modelgate.store.lease.takeover-every", "0s");
        }
        Quarkus.run(App.class, args);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static class App implements QuarkusApplication {

        private final BenchmarkCommand benchmark;
        private final StoreCopyCommand store;

        public App(BenchmarkCommand benchmark, StoreCopyCommand store) {
            this.benchmark = benchmark;
            this.store = store;
        }

        @Override
        public int run(String... args) {
            if (args.length == 0 || args[0].equals("serve")) {
                Quarkus.waitForExit();
                return 0;
            }
            if (args[0].equals("benchmark")) {
                return benchmark.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
            }
            if (args[0].equals("store")) {
                return store.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
            }
            System.err.println("error: unknown command '" + args[0] + "'; commands: serve (the default), benchmark, store");
            return 2;
        }
    }
}
