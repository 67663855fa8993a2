/**
 * Spectral libraries ({@code /api/libraries}): spectra embedded once with a spectra model
 * ({@link io.modelgate.spectra.library.LibraryBuilder}), served from memory
 * ({@link io.modelgate.spectra.library.Libraries}), kept in a {@link io.modelgate.spectra.library.LibraryStore}
 * (folders, or PostgreSQL with {@code modelgate.store=postgresql}), kept up to date with what other replicas save
 * in the same store ({@link io.modelgate.spectra.library.LibraryRefresh}) and searched by query spectra
 * ({@link io.modelgate.spectra.library.LibrarySearch}); the resource only parses requests and maps answers.
 *
 * <p>It embeds only through {@link io.modelgate.spectra.SpectraModels} and reads request spectra only through
 * {@link io.modelgate.spectra.SpectraRequests}: it knows nothing of ONNX Runtime, tasks or systems.
 */
package io.modelgate.spectra.library;
