package io.modelgate.config;

/**
 * Where runs, the ledger and spectral libraries are kept ({@code modelgate.store}, {@code MODELGATE_STORE}): chosen
 * once at start and used by every package that keeps state, so that one setting moves all of it.
 */
public enum StoreKind {
    /** Folders on the local disk: {@code results/} and {@code libraries/} (the default; needs no database). */
    FILES,
    /** One PostgreSQL database ({@code quarkus.datasource.*}), shared by every replica and the CLI. */
    POSTGRESQL;

    /** The configuration key, so that it is spelled once. */
    public static final String KEY = "modelgate.store";
}
