package io.modelgate.config;

/**
 * Fired once the store can be used: at start for the files store; for the postgresql store once its database
 * answered and its schema is up to date, which may be long after start when the database could not be reached.
 * What reads the store at start (libraries, the ledger's gauges) and found it unreachable reads it again then.
 */
public record StoreReady(StoreKind kind) {
}
