package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Spectrum embeddings and their similarities with an ms2deepscore model ({@code ?model=}, default the newest
 * spectra model). Spectra come as JSON or as an MGF or MSP body ({@code Content-Type: text/plain}).
 */
@Path("/api/spectra")
@Produces(MediaType.APPLICATION_JSON)
public class SpectraResource {

    private final SpectraModels models;
    private final SpectraRequests requests;
    private final SpectraConfig config;

    public SpectraResource(SpectraModels models, SpectraRequests requests, SpectraConfig config) {
        this.models = models;
        this.requests = requests;
        this.config = config;
    }

    /** One embedding per spectrum. */
    public record EmbeddingsResponse(String model, long version, int count, int dimension, float[][] embeddings) {
    }

    /** The predicted Tanimoto similarity of two spectra: the cosine of their embeddings. */
    public record SimilarityResponse(String model, long version, double score) {
    }

    /** {@code scores[i][j]}: reference i against query j. */
    public record MatrixResponse(String model, long version, int references, int queries, double[][] scores) {
    }

    @POST
    @Path("embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    public EmbeddingsResponse embeddings(@QueryParam("model") String model, JsonNode body) {
        return embeddings(model, requests.fromJson(body, "spectra"), SpectraRequests.inJson("spectra"));
    }

    @POST
    @Path("embeddings")
    @Consumes(SpectraRequests.TEXT_TYPES)
    public EmbeddingsResponse embeddingsOfFile(@QueryParam("model") String model, InputStream body) {
        return embeddings(model, requests.fromText(body), SpectraRequests.IN_BODY);
    }

    @POST
    @Path("similarity")
    @Consumes(MediaType.APPLICATION_JSON)
    public SimilarityResponse similarity(@QueryParam("model") String model, JsonNode body) {
        return similarity(model, requests.fromJson(body, "spectra"), SpectraRequests.inJson("spectra"));
    }

    @POST
    @Path("similarity")
    @Consumes(SpectraRequests.TEXT_TYPES)
    public SimilarityResponse similarityOfFile(@QueryParam("model") String model, InputStream body) {
        return similarity(model, requests.fromText(body), SpectraRequests.IN_BODY);
    }

    /** JSON {@code {"references": [...], "queries": [...]}}. */
    @POST
    @Path("matrix")
    @Consumes(MediaType.APPLICATION_JSON)
    public MatrixResponse matrix(@QueryParam("model") String model, JsonNode body) {
        List<Spectrum> references = requests.fromJson(body, "references");
        List<Spectrum> queries = requests.fromJson(body, "queries");
        return matrix(model, references, SpectraRequests.inJson("references"), queries, SpectraRequests.inJson("queries"));
    }

    /** An MGF or MSP body: every spectrum against every other (references = queries). */
    @POST
    @Path("matrix")
    @Consumes(SpectraRequests.TEXT_TYPES)
    public MatrixResponse matrixOfFile(@QueryParam("model") String model, InputStream body) {
        List<Spectrum> spectra = requests.fromText(body);
        return matrix(model, spectra, SpectraRequests.IN_BODY, spectra, SpectraRequests.IN_BODY);
    }

    private EmbeddingsResponse embeddings(String model, List<Spectrum> spectra, IntFunction<String> names) {
        SpectraModels.Embeddings result = models.embed(models.resolve(model), spectra, names);
        return new EmbeddingsResponse(result.model(), result.version(), spectra.size(),
                result.vectors()[0].length, result.vectors());
    }

    private SimilarityResponse similarity(String model, List<Spectrum> spectra, IntFunction<String> names) {
        if (spectra.size() != 2) {
            throw new InvalidInputException("a similarity needs exactly 2 spectra, got " + spectra.size()
                    + "; use /api/spectra/matrix for more");
        }
        SpectraModels.Embeddings result = models.embed(models.resolve(model), spectra, names);
        return new SimilarityResponse(result.model(), result.version(),
                Ms2DeepScore.cosine(result.vectors()[0], result.vectors()[1]));
    }

    private MatrixResponse matrix(String model, List<Spectrum> references, IntFunction<String> referenceNames,
                                  List<Spectrum> queries, IntFunction<String> queryNames) {
        if ((long) references.size() * queries.size() > (long) config.maxSpectraPerRequest() * 100) {
            throw new InvalidInputException(references.size() + " references × " + queries.size() + " queries is over"
                    + " the limit of " + config.maxSpectraPerRequest() * 100L + " scores in one answer; use a library search");
        }
        String name = models.resolve(model);
        SpectraModels.Embeddings a = models.embed(name, references, referenceNames);
        SpectraModels.Embeddings b = references == queries ? a : models.embed(name, queries, queryNames);
        double[][] scores = new double[references.size()][queries.size()];
        for (int i = 0; i < references.size(); i++) {
            for (int j = 0; j < queries.size(); j++) {
                scores[i][j] = Ms2DeepScore.cosine(a.vectors()[i], b.vectors()[j]);
            }
        }
        return new MatrixResponse(a.model(), a.version(), references.size(), queries.size(), scores);
    }
}
