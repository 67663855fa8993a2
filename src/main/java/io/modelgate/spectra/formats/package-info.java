/**
 * The MS/MS spectrum value ({@link io.modelgate.spectra.formats.Spectrum}) and its formats: MGF and MSP files read
 * with matchms' conventions ({@link io.modelgate.spectra.formats.SpectrumFiles} is the entry point; the readers
 * stream one spectrum at a time and fail with {@link io.modelgate.spectra.formats.SpectrumFormatException}, a 400,
 * naming the line) and the JSON of a spectrum in a request ({@link io.modelgate.spectra.formats.SpectrumJson}).
 *
 * <p>It depends only on the errors package and Jackson: it must not know ONNX, serving, tasks, ms2deepscore or
 * HTTP. The line reader, number parsing, peak list and metadata harmonisation stay package-private.
 */
package io.modelgate.spectra.formats;
