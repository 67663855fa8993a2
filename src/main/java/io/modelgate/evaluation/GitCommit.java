package io.modelgate.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit of the git repository that holds a folder, {@code -dirty} when it has changes; {@code unknown} outside git. */
final class GitCommit {

    private GitCommit() {
    }

    static String of(Path folder) {
        String commit = git(folder, "rev-parse", "--short=12", "HEAD");
        if (commit == null || commit.isBlank()) {
            return "unknown";
        }
        String changes = git(folder, "status", "--porcelain", "--", ".");
        return commit.strip() + (changes != null && !changes.isBlank() ? "-dirty" : "");
    }

    private static String git(Path folder, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = folder.toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
