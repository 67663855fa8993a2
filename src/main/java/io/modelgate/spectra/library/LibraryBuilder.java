package io.modelgate.spectra.library;

import io.modelgate.data.DataSets;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.SpectraConfig;
import io.modelgate.spectra.SpectraModels;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;
import io.modelgate.spectra.formats.SpectrumReader;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds spectral libraries: reads the spectra of an MGF or MSP body or of a data set of the manifest one at a
 * time, embeds them {@value #CHUNK} at a time with a spectra model, and saves the library in the
 * {@link Libraries}. A library holds at most {@code modelgate.spectra.max-library-spectra} spectra, each with a
 * peak, all embedded by one version of the model.
 */
@ApplicationScoped
public class LibraryBuilder {

    /** Spectra embedded per inference while a library is built. */
    static final int CHUNK = 1024;

    private final Libraries store;
    private final SpectraModels models;
    private final SpectraConfig config;
    private final DataSets dataSets;

    public LibraryBuilder(Libraries store, SpectraModels models, SpectraConfig config, DataSets dataSets) {
        this.store = store;
        this.models = models;
        this.config = config;
        this.dataSets = dataSets;
    }

    /** Builds library {@code name} from an MGF or MSP body with {@code model} (null: the default spectra model). */
    public SpectralLibrary fromBody(String name, String model, boolean replace, InputStream body) {
        try (SpectrumReader reader = SpectrumFiles.open(SpectrumFiles.utf8(body), "the request body", config.maxPeaks())) {
            return build(name, replace, models.resolve(model), reader, "upload");
        }
    }

    /** Builds library {@code name} from the MGF or MSP file {@code dataSet} of the data-set manifest. */
    public SpectralLibrary fromDataSet(String name, String model, boolean replace, String dataSet) {
        boolean known = dataSets.entries().stream().anyMatch(e -> e.name().equals(dataSet));
        if (known && SpectrumFiles.formatOf(dataSet).isEmpty()) {
            throw new InvalidInputException("data_set '" + dataSet + "' is not an MGF or MSP file (.mgf, .msp)");
        }
        if (!known) {
            throw new InvalidInputException("data_set '" + dataSet + "' is not in the data-set manifest; it has "
                    + dataSets.entries().stream().map(e -> e.name()).toList());
        }
        Path file = dataSets.resolve(dataSet);
        try (SpectrumReader reader = SpectrumFiles.open(file, config.maxPeaks())) {
            return build(name, replace, models.resolve(model), reader, "data set " + dataSet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SpectralLibrary build(String name, boolean replace, String model, SpectrumReader reader, String source) {
        List<SpectralLibrary.Entry> entries = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<Spectrum> chunk = new ArrayList<>(CHUNK);
        SpectraModels.Embeddings last = null;
        while (reader.hasNext()) {
            Spectrum spectrum = reader.next();
            if (spectrum.peakCount() == 0) {
                throw new InvalidInputException("spectrum " + (entries.size() + chunk.size() + 1) + " of " + source
                        + " has no peaks; a library spectrum needs at least one");
            }
            if (entries.size() + chunk.size() == config.maxLibrarySpectra()) {
                throw new InvalidInputException(source + " has more than " + config.maxLibrarySpectra()
                        + " spectra, the most one library may hold (modelgate.spectra.max-library-spectra)");
            }
            chunk.add(spectrum);
            if (chunk.size() == CHUNK) {
                last = embedChunk(model, chunk, entries, vectors, last, source);
            }
        }
        if (!chunk.isEmpty()) {
            last = embedChunk(model, chunk, entries, vectors, last, source);
        }
        if (last == null) {
            throw new InvalidInputException(source + " holds no spectrum; expected MGF or MSP");
        }
        int dimension = vectors.get(0).length;
        float[] matrix = new float[vectors.size() * dimension];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, matrix, i * dimension, dimension);
        }
        SpectralLibrary.Info info = new SpectralLibrary.Info(name, last.model(), last.version(), last.sha256(), dimension,
                vectors.size(), Instant.now().toString(), source);
        return store.save(info, matrix, entries, replace);
    }

    private SpectraModels.Embeddings embedChunk(String model, List<Spectrum> chunk, List<SpectralLibrary.Entry> entries,
                                                List<float[]> vectors, SpectraModels.Embeddings previous,
                                                String source) {
        int offset = entries.size();
        SpectraModels.Embeddings embeddings = models.embed(model, chunk,
                row -> "spectrum " + (offset + row + 1) + " of " + source);
        if (previous != null && !previous.sha256().equals(embeddings.sha256())) {
            throw new ModelChangedException("model '" + model + "' changed while the library was being built; try again");
        }
        chunk.forEach(s -> entries.add(SpectralLibrary.Entry.of(s)));
        vectors.addAll(List.of(embeddings.vectors()));
        chunk.clear();
        return embeddings;
    }
}
