/**
 * How the project reads its own files and request bodies: YAML with kebab-case keys and unknown keys refused,
 * and the JSON settings of the service's object mapper; and {@link io.modelgate.config.StoreKind}, the one setting
 * ({@code modelgate.store}) that says whether state is kept in files or in PostgreSQL; and
 * {@link io.modelgate.config.DaemonTimers}, the background timers every package makes the same way.
 * <p>
 * Must not know: anything else of modelgate; every package may use it.
 */
package io.modelgate.config;
