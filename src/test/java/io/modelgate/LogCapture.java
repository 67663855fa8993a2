package io.modelgate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** The log records a test sees, collected from whichever logger it is added to (JBoss LogManager backs JUL here). */
public final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** Every record so far, oldest first. */
    public List<LogRecord> records() {
        return records;
    }

    public void clear() {
        records.clear();
    }
}
