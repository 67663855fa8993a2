package io.modelgate.errors;

import io.modelgate.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log lines of answered failures, captured from the logger itself. */
class FailureLogTest {

    private final Logger logger = Logger.getLogger(FailureLog.class.getName());
    private final LogCapture capture = new LogCapture();
    private final List<LogRecord> lines = capture.records();
    private Level before;

    @BeforeEach
    void capture() {
        before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(before);
    }

    private List<Level> levels() {
        return lines.stream().map(LogRecord::getLevel).toList();
    }

    @Test
    void manyNotReadyAnswersGiveOneWarnLine() {
        FailureLog log = new FailureLog(Duration.ofSeconds(60));
        for (int i = 0; i < 1000; i++) {
            log.answered(new NotReadyException("model 'm' is unloading"));
        }
        assertEquals(1, lines.size(), "one line, not a thousand: " + lines.size());
        assertEquals("WARN", lines.get(0).getLevel().getName());
    }

    @Test
    void nextLineAfterTheIntervalCountsTheOnesHeldBack() throws InterruptedException {
        FailureLog log = new FailureLog(Duration.ofMillis(50));
        for (int i = 0; i < 5; i++) {
            log.answered(new NotReadyException("model 'm' is unloading"));
        }
        Thread.sleep(60);
        log.answered(new NotReadyException("model 'm' is unloading"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).getMessage().contains("and 4 more 503 answers of this kind not logged"), lines.get(1).getMessage());
    }

    @Test
    void clientMistakeIsLoggedOnlyAtDebug() {
        new FailureLog(Duration.ofSeconds(60)).answered(new InvalidInputException("'x' must be a number"));
        assertEquals(1, lines.size());
        assertEquals("DEBUG", lines.get(0).getLevel().getName());
    }

    @Test
    void serverFaultIsAnErrorWithItsCause() {
        IllegalStateException cause = new IllegalStateException("bug");
        new FailureLog(Duration.ofSeconds(60)).answered(new InferenceFailedException("inference failed", cause));
        assertEquals(1, lines.size());
        assertEquals("ERROR", lines.get(0).getLevel().getName());
        assertEquals(cause, lines.get(0).getThrown());
    }
}
