/**
 * Systems that answer a similarity task of two spectra: every spectra model (the cosine of the two
 * embeddings) and {@code cosine-greedy} (matchms' CosineGreedy on the peaks).
 * <p>
 * Must not know: HTTP, LLMs, runs, how spectra are embedded (that is {@code spectra}'s).
 */
package io.modelgate.systems.spectra;
