package io.modelgate.evaluation;

import io.modelgate.evaluation.BenchmarkCommand.UsageException;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemRegistry;
import io.modelgate.systems.TaskSystem;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code --systems} of a sweep: a plain name stays as it is (the planner says when it is unknown or not
 * ready); a glob ({@code *} any characters, {@code ?} one) is matched against the names of {@code GET /api/systems},
 * keeping those that answer the task and are ready, in name order. A glob that keeps none is a usage error.
 */
final class SystemGlobs {

    private SystemGlobs() {
    }

    static List<String> expand(List<String> patterns, String task, SystemRegistry registry, PrintStream err) {
        Set<String> names = new LinkedHashSet<>();
        List<SystemInfo> all = null;
        for (String pattern : patterns) {
            if (!isGlob(pattern)) {
                names.add(pattern);
                continue;
            }
            if (all == null) {
                all = registry.all().stream().map(TaskSystem::info).toList();
            }
            Pattern regex = regex(pattern);
            List<String> matched = new ArrayList<>();
            for (SystemInfo info : all) {
                if (!regex.matcher(info.name()).matches() || !task.equals(info.task())) {
                    continue;
                }
                if (!info.ready()) {
                    err.println("warning: '" + pattern + "' matches " + info.name() + ", which is not ready (" + info.reason()
                            + "); skipping it");
                    continue;
                }
                matched.add(info.name());
            }
            if (matched.isEmpty()) {
                throw new UsageException("'" + pattern + "' matches no ready system of task '" + task
                        + "'; GET /api/systems lists them");
            }
            names.addAll(matched);
        }
        return List.copyOf(names);
    }

    static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
