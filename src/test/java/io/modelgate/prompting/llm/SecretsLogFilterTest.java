package io.modelgate.prompting.llm;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsLogFilterTest {

    private static final String SHORT_KEY = "sk-test";
    private static final String LONG_KEY = "sk-test-ECHO500";

    @Test
    void aDebugRecordOfAnUnrecoverableExceptionLosesEveryKeyInItsMessageCausesAndSuppressed() {
        IllegalStateException upstream = new IllegalStateException("HTTP 500: {\"error\": \"bad key Bearer " + LONG_KEY + "\"}");
        upstream.addSuppressed(new RuntimeException("also " + SHORT_KEY));
        RuntimeException thrown = new RuntimeException("wrapped: Bearer " + LONG_KEY, upstream);
        ExtLogRecord record = new ExtLogRecord(Level.FINE, "Attempting to handle unrecoverable exception %s",
                ExtLogRecord.FormatStyle.PRINTF, SecretsLogFilterTest.class.getName());
        record.setParameters(new Object[]{"Bearer " + LONG_KEY});
        record.setThrown(thrown);

        SecretsLogFilter.redact(record, new Secrets(List.of(SHORT_KEY, LONG_KEY)));

        String logged = new PatternFormatter("%p %s%e%n").format(record);
        assertFalse(logged.contains(SHORT_KEY), logged);
        assertFalse(logged.contains("ECHO500"), logged);
        assertTrue(logged.contains("Attempting to handle unrecoverable exception Bearer [redacted]"), logged);
        assertTrue(logged.contains("Caused by: java.lang.IllegalStateException: HTTP 500"), logged);
        assertTrue(logged.contains("Suppressed: java.lang.RuntimeException: also [redacted]"), logged);
        assertTrue(logged.contains("at io.modelgate.prompting.llm.SecretsLogFilterTest"), "the stack trace is kept: " + logged);
    }

    @Test
    void aCauseChainThatLoopsIsRedactedOnceAroundTheLoop() {
        RuntimeException a = new RuntimeException("a: Bearer " + LONG_KEY);
        RuntimeException b = new RuntimeException("b: " + SHORT_KEY, a);
        a.initCause(b); // A caused by B caused by A
        ExtLogRecord record = new ExtLogRecord(Level.FINE, "loop", ExtLogRecord.FormatStyle.NO_FORMAT,
                SecretsLogFilterTest.class.getName());
        record.setThrown(a);

        String logged = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            SecretsLogFilter.redact(record, new Secrets(List.of(SHORT_KEY, LONG_KEY)));
            return new PatternFormatter("%p %s%e%n").format(record);
        });

        assertFalse(logged.contains(SHORT_KEY), logged);
        assertTrue(logged.contains("java.lang.RuntimeException: a: Bearer [redacted]"), logged);
        assertTrue(logged.contains("Caused by: java.lang.RuntimeException: b: [redacted]"), logged);
    }

    @Test
    void aRecordWithoutKeysIsLeftAsItIs() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "nothing %s", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setParameters(new Object[]{"secret-free"});
        SecretsLogFilter.redact(record, new Secrets(List.of(LONG_KEY)));
        assertTrue(new PatternFormatter("%s").format(record).equals("nothing secret-free"));
    }
}
