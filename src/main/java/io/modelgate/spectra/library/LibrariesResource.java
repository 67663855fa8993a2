package io.modelgate.spectra.library;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.SpectraRequests;
import io.modelgate.spectra.formats.Spectrum;
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

import java.io.InputStream;
import java.util.List;

/**
 * Spectral libraries: spectra embedded once with a spectra model, kept on disk, and searched by query spectra
 * for the most similar library spectra (cosine of embeddings), optionally only among those of a similar
 * precursor m/z.
 */
@Path("/api/libraries")
@Produces(MediaType.APPLICATION_JSON)
public class LibrariesResource {

    private static final int MAX_K = 1000;

    private final Libraries store;
    private final LibraryBuilder builder;
    private final LibrarySearch search;
    private final SpectraRequests requests;

    public LibrariesResource(Libraries store, LibraryBuilder builder, LibrarySearch search, SpectraRequests requests) {
        this.store = store;
        this.builder = builder;
        this.search = search;
        this.requests = requests;
    }

    public record LibraryList(List<SpectralLibrary.Info> libraries) {
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

    /** Builds a library from an MGF or MSP body ({@code application/x-mgf} or {@code application/x-msp}). */
    @POST
    @Path("{name}")
    @Consumes({SpectraRequests.MGF, SpectraRequests.MSP})
    public Response create(@PathParam("name") String name, @QueryParam("model") String model,
                           @QueryParam("replace") boolean replace, InputStream body) {
        store.checkNew(name, replace);
        return created(builder.fromBody(name, model, replace, body));
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
                    + " manifest (e.g. massbank/massbank_ms2_positive.mgf); or send the file itself as application/x-mgf or application/x-msp");
        }
        return created(builder.fromDataSet(name, model, replace, dataSet.asText()));
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
    public LibrarySearch.SearchResponse search(@PathParam("name") String name, @QueryParam("k") String k,
                                               @QueryParam("precursor_tolerance") String tolerance, JsonNode body) {
        SpectralLibrary library = store.get(name);
        List<Spectrum> queries = requests.fromJson(body, "spectra");
        return search.search(library, topK(k), tolerance(tolerance), queries, SpectraRequests.inJson("spectra"));
    }

    /** The top-k library spectra for each spectrum of an MGF or MSP body. */
    @POST
    @Path("{name}/search")
    @Consumes(SpectraRequests.TEXT_TYPES)
    public LibrarySearch.SearchResponse searchFile(@PathParam("name") String name, @QueryParam("k") String k,
                                                   @QueryParam("precursor_tolerance") String tolerance, InputStream body) {
        SpectralLibrary library = store.get(name);
        List<Spectrum> queries = requests.fromText(body);
        return search.search(library, topK(k), tolerance(tolerance), queries, SpectraRequests.IN_BODY);
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

    private static Response created(SpectralLibrary library) {
        return Response.status(Response.Status.CREATED).entity(library.info()).build();
    }
}
