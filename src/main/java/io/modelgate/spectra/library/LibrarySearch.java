package io.modelgate.spectra.library;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.SpectraModels;
import io.modelgate.spectra.formats.Spectrum;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Searches a spectral library: embeds the query spectra with the library's model (which must still serve the
 * version that embedded the library) and finds each query's most similar library spectra.
 */
@ApplicationScoped
public class LibrarySearch {

    private final SpectraModels models;

    public LibrarySearch(SpectraModels models) {
        this.models = models;
    }

    /** The hits of one query spectrum, best first. */
    public record QueryHits(int query, String spectrumId, Double precursorMz, List<SpectralLibrary.Hit> hits) {
    }

    public record SearchResponse(String library, String model, long version, int k, Double precursorTolerance,
                                 List<QueryHits> results) {
    }

    /**
     * The top {@code k} library spectra for each query, among those within {@code tolerance} of its precursor m/z
     * when a tolerance is given; {@code names} says in messages which spectrum of the request a query is.
     */
    public SearchResponse search(SpectralLibrary library, int k, Double tolerance, List<Spectrum> queries,
                                 IntFunction<String> names) {
        for (int i = 0; i < queries.size(); i++) {
            if (tolerance != null && queries.get(i).precursorMz() == null) {
                throw new InvalidInputException("query spectrum " + (i + 1) + " has no precursor m/z, which"
                        + " precursor_tolerance needs");
            }
        }
        SpectralLibrary.Info info = library.info();
        SpectraModels.Embeddings embeddings = models.embed(info.model(), queries, names);
        if (!embeddings.sha256().equals(info.modelSha256())) {
            throw new ModelChangedException("library '" + info.name() + "' was embedded with model '" + info.model()
                    + "' version " + info.modelVersion() + " (sha256 " + info.modelSha256() + "), but the model now"
                    + " serves version " + embeddings.version() + " (sha256 " + embeddings.sha256()
                    + "); rebuild the library with ?replace=true");
        }
        List<QueryHits> results = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            Spectrum query = queries.get(i);
            results.add(new QueryHits(i, query.get("spectrum_id"), query.precursorMz(),
                    library.search(embeddings.vectors()[i], k, query.precursorMz(), tolerance)));
        }
        return new SearchResponse(info.name(), info.model(), info.modelVersion(), k, tolerance, results);
    }
}
