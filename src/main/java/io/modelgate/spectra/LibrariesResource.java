package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.data.DataSets;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;
import io.modelgate.spectra.formats.SpectrumReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Spectral libraries: spectra embedded once with a spectra model, kept on disk, and searched by query spectra
 * for the most similar library spectra (cosine of embeddings), optionally only among those of a similar
 * precursor m/z.
 */
@Path("/api/libraries")
@Produces(MediaType.APPLICATION_JSON)
public class LibrariesResource {

    /** Spectra embedded per inference while a library is built. */
    private static final int CHUNK = 1024;
    private static final int MAX_K = 1000;

    private final LibraryStore store;
    private final SpectraModels models;
    private final SpectraConfig config;
    private final DataSets dataSets;

    public LibrariesResource(LibraryStore store, SpectraModels models, SpectraConfig config, DataSets dataSets) {
        this.store = store;
        this.models = models;
        this.config = config;
        this.dataSets = dataSets;
    }

    public record LibraryList(List<SpectralLibrary.Info> libraries) {
    }

    /** The hits of one query spectrum, best first. */
    public record QueryHits(int query, String spectrumId, Double precursorMz, List<SpectralLibrary.Hit> hits) {
    }

    public record SearchResponse(String library, String model, long version, int k, Double precursorTolerance,
                                 List<QueryHits> results) {
    }

    /** The library was built with another version of its model than the one now served. */
    static final class ModelChangedException extends ApiException {
        ModelChangedException(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 409;
        }
    }

    @GET
    public LibraryList list() {
        return new LibraryList(store.list());
    }

    @GET
    @Path("{name}")
    public SpectralLibrary.Info get(@PathParam("name") String name) {
        return store.get(name).info();
    }

    /** Builds a library from an MGF or MSP body. */
    @POST
    @Path("{name}")
    @Consumes(SpectraResource.TEXT_TYPES)
    public Response create(@PathParam("name") String name, @QueryParam("model") String model,
                           @QueryParam("replace") boolean replace, InputStream body) {
        store.checkNew(name, replace);
        try (SpectrumReader reader = SpectrumFiles.open(SpectrumFiles.utf8(body), "the request body", config.maxPeaks())) {
            return created(build(name, replace, models.resolve(model), reader, "upload"));
        }
    }

    /** Builds a library from a data set of the manifest: {@code {"data_set": "massbank/massbank_ms2_positive.mgf"}}. */
    @POST
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createFromDataSet(@PathParam("name") String name, @QueryParam("model") String model,
                                      @QueryParam("replace") boolean replace, JsonNode body) {
        store.checkNew(name, replace);
        JsonNode dataSet = body == null ? null : body.get("data_set");
        if (dataSet == null || !dataSet.isTextual()) {
            throw new InvalidInputException("field 'data_set' is required: the name of an MGF or MSP file in the data-set"
                    + " manifest (e.g. massbank/massbank_ms2_positive.mgf); or send the file itself as text/plain");
        }
        boolean known = dataSets.entries().stream().anyMatch(e -> e.name().equals(dataSet.asText()));
        if (known && SpectrumFiles.formatOf(dataSet.asText()).isEmpty()) {
            throw new InvalidInputException("data_set '" + dataSet.asText() + "' is not an MGF or MSP file (.mgf, .msp)");
        }
        if (!known) {
            throw new InvalidInputException("data_set '" + dataSet.asText() + "' is not in the data-set manifest; it has "
                    + dataSets.entries().stream().map(e -> e.name()).toList());
        }
        java.nio.file.Path file = dataSets.resolve(dataSet.asText());
        try (SpectrumReader reader = SpectrumFiles.open(file, config.maxPeaks())) {
            return created(build(name, replace, models.resolve(model), reader, "data set " + dataSet.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        store.delete(name);
        return Response.noContent().build();
    }

    /** The top-k library spectra for each query spectrum (JSON {@code {"spectra": [...]}}). */
    @POST
    @Path("{name}/search")
    @Consumes(MediaType.APPLICATION_JSON)
    public SearchResponse search(@PathParam("name") String name, @QueryParam("k") String k,
                                 @QueryParam("precursor_tolerance") String tolerance, JsonNode body) {
        SpectralLibrary library = store.get(name);
        return search(library, k, tolerance, SpectraRequests.fromJson(body, "spectra", config.maxPeaks(),
                config.maxSpectraPerRequest()), SpectraResource.inJson("spectra"));
    }

    /** The top-k library spectra for each spectrum of an MGF or MSP body. */
    @POST
    @Path("{name}/search")
    @Consumes(SpectraResource.TEXT_TYPES)
    public SearchResponse searchFile(@PathParam("name") String name, @QueryParam("k") String k,
                                     @QueryParam("precursor_tolerance") String tolerance, InputStream body) {
        SpectralLibrary library = store.get(name);
        return search(library, k, tolerance, SpectraRequests.fromText(body, config.maxPeaks(),
                config.maxSpectraPerRequest()), SpectraResource.IN_BODY);
    }

    private SearchResponse search(SpectralLibrary library, String kParameter, String toleranceParameter,
                                  List<Spectrum> queries, java.util.function.IntFunction<String> names) {
        int top = topK(kParameter);
        Double tolerance = tolerance(toleranceParameter);
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
                    library.search(embeddings.vectors()[i], top, query.precursorMz(), tolerance)));
        }
        return new SearchResponse(info.name(), info.model(), info.modelVersion(), top, tolerance, results);
    }

    private static int topK(String parameter) {
        if (parameter == null) {
            return 10;
        }
        try {
            int k = Integer.parseInt(parameter.strip());
            if (k >= 1 && k <= MAX_K) {
                return k;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException("query parameter 'k' must be between 1 and " + MAX_K + ", got " + parameter);
    }

    private static Double tolerance(String parameter) {
        if (parameter == null) {
            return null;
        }
        try {
            double tolerance = Double.parseDouble(parameter.strip());
            if (Double.isFinite(tolerance) && tolerance >= 0) {
                return tolerance;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException("query parameter 'precursor_tolerance' must be a number ≥ 0 (m/z), got "
                + parameter);
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
        return store.save(LibraryStore.info(name, last, dimension, vectors.size(), source), matrix, entries, replace);
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

    private static Response created(SpectralLibrary library) {
        return Response.status(Response.Status.CREATED).entity(library.info()).build();
    }
}
