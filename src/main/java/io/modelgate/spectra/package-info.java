/**
 * Spectra: ms2deepscore models and their embeddings ({@link io.modelgate.spectra.SpectraModels}, the one embedding
 * path, through the serving layer's model repository and inference; {@link io.modelgate.spectra.Ms2DeepScore} the
 * ONNX contract, {@link io.modelgate.spectra.Ms2DeepScoreSettings} and
 * {@link io.modelgate.spectra.SpectrumTensoriser} the tensorisation), matchms'
 * {@link io.modelgate.spectra.CosineGreedy}, the spectra endpoints ({@code /api/spectra}, with
 * {@link io.modelgate.spectra.SpectraRequests} reading the spectra of a request), the spectrum-pairs test-set
 * format ({@link io.modelgate.spectra.SpectrumPairsReader}) and the spectrum-similarity systems.
 *
 * <p>Sub-packages: {@code formats} (the spectrum value, MGF/MSP/JSON) and {@code library} (spectral libraries).
 * It uses serving, tasks and data; it knows nothing of prompts, LLMs or evaluation, and it opens no ONNX Runtime
 * session of its own.
 */
package io.modelgate.spectra;
