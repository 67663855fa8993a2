import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the JSON of POST /api/spectra/embeddings costs on one thread, for bench/spectra.sh's "where the time goes":
 * for each body file embeddings-N.json of bench/make_spectra_bodies.py, the ms per call of Jackson's
 * {@code readTree} of the body (as the resource receives a JsonNode), of {@link SpectrumJson#read} of every
 * spectrum in it, and of writing an answer of the same shape as the service's (N embeddings of 100 floats; random
 * values, so every float prints at full length as real embeddings do). Prints one line per file:
 * {@code json <N> <readTree ms> <SpectrumJson.read ms> <write ms>}.
 *
 * Run: java -cp target/classes:JACKSON_JARS bench/SpectraJsonBench.java SECONDS BODY_DIR BATCHES
 * e.g. ... 2 target/bench-spectra 1,64,1024
 */
public class SpectraJsonBench {

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        ObjectMapper json = new ObjectMapper();
        for (String batch : args[2].split(",")) {
            int n = Integer.parseInt(batch);
            byte[] body = Files.readAllBytes(Path.of(args[1], "embeddings-" + n + ".json"));
            JsonNode tree = json.readTree(body);
            Random random = new Random(n);
            float[][] embeddings = new float[n][100];
            for (float[] embedding : embeddings) {
                for (int i = 0; i < embedding.length; i++) {
                    embedding[i] = (float) random.nextGaussian();
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("model", "ms2deepscore-testmodel");
            answer.put("version", 1);
            answer.put("count", n);
            answer.put("dimension", 100);
            answer.put("embeddings", embeddings);
            double parse = msPerCall(() -> sink = readTree(json, body), seconds);
            double read = msPerCall(() -> sink = spectra(tree), seconds);
            double write = msPerCall(() -> sink = writeValue(json, answer), seconds);
            System.out.printf("json %d %.4f %.4f %.4f%n", n, parse, read, write);
        }
    }

    private static List<Spectrum> spectra(JsonNode tree) {
        JsonNode list = tree.get("spectra");
        List<Spectrum> spectra = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            spectra.add(SpectrumJson.read(list.get(i), "spectra[" + i + "]", 100_000));
        }
        return spectra;
    }

    private static JsonNode readTree(ObjectMapper json, byte[] body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] writeValue(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds per call of {@code work}, after 2 s of warm-up. */
    private static double msPerCall(Runnable work, int seconds) {
        for (long end = System.nanoTime() + 2_000_000_000L; System.nanoTime() < end; ) {
            work.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            work.run();
            calls++;
        } while ((now = System.nanoTime()) < end);
        return (now - start) / 1e6 / calls;
    }
}
