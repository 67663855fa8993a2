package io.modelgate.prompting.llm;

import io.quarkus.logging.LoggingFilter;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * Blanks every configured LLM API key out of every log record, whatever its logger and level: the message and
 * the exception with its causes and suppressed ones (RESTEasy logs at DEBUG an upstream's error body, which
 * may echo the bearer token, and its {@code Caused by:}). Applied to the console and file handlers in
 * application.properties ({@code quarkus.log.*.filter=modelgate-secrets}). It reads the keys from the
 * configuration itself, as log filters are made before CDI beans.
 */
@LoggingFilter(name = "modelgate-secrets")
public final class SecretsLogFilter implements Filter {

    private static final Pattern API_KEY = Pattern.compile(
            "modelgate\\.llm\\.api-key|modelgate\\.llms\\.[^.]+\\.api-key|MODELGATE_LLM_API_KEY|MODELGATE_LLMS_.+_API_KEY");

    private final Secrets secrets;

    public SecretsLogFilter() {
        this.secrets = configuredKeys(ConfigProvider.getConfig());
    }

    static Secrets configuredKeys(Config config) {
        List<String> keys = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (API_KEY.matcher(name).matches()) {
                config.getOptionalValue(name, String.class).ifPresent(keys::add);
            }
        }
        return new Secrets(keys);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        redact(record, secrets);
        return true;
    }

    /** Blanks the keys out of the record's message and exception, in place. */
    static void redact(LogRecord record, Secrets secrets) {
        if (secrets.isEmpty()) {
            return;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : new SimpleFormatter().formatMessage(record);
        if (message != null) {
            String redacted = secrets.redact(message);
            if (!redacted.equals(message)) {
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                } else {
                    record.setMessage(redacted);
                }
                record.setParameters(null);
            }
        }
        if (record.getThrown() != null && mentionsAKey(record.getThrown(), secrets)) {
            record.setThrown(new RedactedThrowable(record.getThrown(), secrets));
        }
    }

    private static boolean mentionsAKey(Throwable thrown, Secrets secrets) {
        return mentionsAKey(thrown, secrets, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** {@code seen}: a cause chain may loop (A caused by B caused by A), and each exception is looked at once. */
    private static boolean mentionsAKey(Throwable thrown, Secrets secrets, Set<Throwable> seen) {
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (!secrets.redact(String.valueOf(t)).equals(String.valueOf(t))) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (mentionsAKey(suppressed, secrets, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A copy of an exception, its causes and suppressed ones, that prints as they do but with the keys blanked. */
    static final class RedactedThrowable extends RuntimeException {

        private final String text;

        RedactedThrowable(Throwable original, Secrets secrets) {
            this(original, secrets, new IdentityHashMap<>());
        }

        /**
         * {@code copies}: the copy of each exception met so far, so that a cause chain that loops (A caused by B
         * caused by A) is copied as the same loop rather than followed forever; the cause is set after the copy is
         * registered, which is why it goes through {@code initCause}.
         */
        private RedactedThrowable(Throwable original, Secrets secrets, Map<Throwable, RedactedThrowable> copies) {
            super(secrets.redact(String.valueOf(original.getMessage())));
            copies.put(original, this);
            this.text = secrets.redact(original.toString());
            setStackTrace(original.getStackTrace());
            Throwable cause = original.getCause();
            if (cause != null && cause != original) {
                RedactedThrowable copy = copies.get(cause);
                initCause(copy != null ? copy : new RedactedThrowable(cause, secrets, copies));
            } else {
                initCause(null);
            }
            for (Throwable suppressed : original.getSuppressed()) {
                RedactedThrowable copy = copies.get(suppressed);
                addSuppressed(copy != null ? copy : new RedactedThrowable(suppressed, secrets, copies));
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
