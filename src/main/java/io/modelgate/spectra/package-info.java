/**
 * MS/MS spectra: the {@link io.modelgate.spectra.Spectrum} record and reading MGF and MSP files into it with
 * matchms' conventions ({@link io.modelgate.spectra.SpectrumFiles} is the entry point; the readers stream one
 * spectrum at a time and fail with {@link io.modelgate.spectra.SpectrumFormatException}, a 400, naming the line),
 * and comparing spectra with matchms' {@link io.modelgate.spectra.CosineGreedy}.
 */
package io.modelgate.spectra;
