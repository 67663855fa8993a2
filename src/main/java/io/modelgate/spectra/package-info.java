/**
 * MS/MS spectra: the {@link io.modelgate.spectra.Spectrum} record and reading MGF and MSP files into it with
 * matchms' conventions ({@link io.modelgate.spectra.SpectrumFiles} is the entry point; the readers stream one
 * spectrum at a time and fail with {@link io.modelgate.spectra.SpectrumFormatException}, a 400, naming the line).
 */
package io.modelgate.spectra;
