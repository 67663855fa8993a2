/**
 * The application: {@link io.modelgate.Main} serves, or runs the {@code benchmark} CLI and exits with its code.
 * It sits above every layer (docs/architecture.md) and reaches them only through the evaluation package.
 */
package io.modelgate;
