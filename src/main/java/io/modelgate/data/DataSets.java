package io.modelgate.data;

import io.modelgate.config.Yaml;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds data-set files by their manifest name in the data folder, downloading a missing one from its
 * URL when allowed. A file is only ever handed out after its sha256 matched the manifest.
 */
@ApplicationScoped
public class DataSets {

    private static final Logger LOG = Logger.getLogger(DataSets.class);

    /** The public data mirror beside a checkout, which ./run, the CLI and the tests all read when it is there. */
    static final Path MIRROR = Path.of("../shared/data");
    static final Path DEFAULT = Path.of("data");

    private final DataConfig config;
    private final Path dir;
    private final DataSetManifest manifest;
    private final HttpClient http;

    public DataSets(DataConfig config) {
        this.config = config;
        this.dir = folder(config.dir(), MIRROR);
        this.manifest = readManifest(config.manifest());
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(java.time.Duration.ofSeconds(20)).build();
    }

    /** The configured folder; else the mirror when it is a folder (so a fresh clone beside it needs no setting); else data/. */
    static Path folder(Optional<Path> configured, Path mirror) {
        return configured.orElseGet(() -> Files.isDirectory(mirror) ? mirror : DEFAULT);
    }

    /** The folder data-set files are read from. */
    public Path dir() {
        return dir;
    }

    public List<DataSetManifest.Entry> entries() {
        return manifest.datasets();
    }

    /** The checked file of a manifest entry, downloaded first when it is missing and downloads are allowed. */
    public Path resolve(String name) {
        DataSetManifest.Entry entry = manifest.datasets().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("data set '" + name + "' is not in " + config.manifest()));
        Path file = dir.resolve(entry.name()).normalize();
        try {
            if (!Files.exists(file)) {
                if (!config.download()) {
                    throw new NotReadyException("data set '" + name + "' is missing from " + where()
                            + " and downloads are off; fetch it from " + entry.url());
                }
                download(entry, file);
            }
            String actual = Sha256.of(file);
            if (!actual.equalsIgnoreCase(entry.sha256())) {
                throw new NotReadyException("data set '" + name + "' at " + file + " has sha256 " + actual
                        + " but the manifest expects " + entry.sha256());
            }
            return file;
        } catch (IOException e) {
            throw new NotReadyException("data set '" + name + "' cannot be read from " + where() + " or fetched from "
                    + entry.url() + ": " + cause(e));
        }
    }

    /** The folder looked in, why that one, and the variable that names another. */
    private String where() {
        String why = config.dir().isPresent() ? "set by MODELGATE_DATA_DIR"
                : dir.equals(MIRROR) ? "the mirror beside the checkout; MODELGATE_DATA_DIR sets another folder"
                : "the default, as MODELGATE_DATA_DIR is not set and there is no " + MIRROR + " mirror";
        return dir.toAbsolutePath().normalize() + " (" + why + ")";
    }

    /**
     * Every distinct message down the chain of causes, each with its type where it has no words of its own: the
     * JDK's HTTP client throws a ConnectException without a message when there is no network.
     */
    static String cause(Throwable e) {
        StringBuilder words = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                    : t.getMessage();
            if (words.indexOf(message) < 0) {
                words.append(words.isEmpty() ? "" : ": ").append(message);
            }
        }
        return words.toString();
    }

    private void download(DataSetManifest.Entry entry, Path file) throws IOException {
        LOG.infof("downloading data set %s from %s", entry.name(), entry.url());
        Path created = firstMissing(file.getParent());
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        boolean complete = false;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(entry.url())).timeout(config.downloadTimeout()).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = Sha256.digest();
            try (InputStream in = response.body();
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + entry.url() + " answered HTTP " + response.statusCode());
                }
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(entry.sha256())) {
                throw new IOException("the download from " + entry.url() + " has sha256 " + actual
                        + " but the manifest expects " + entry.sha256());
            }
            // Moved into place only once complete and checked, so no reader ever sees half a file.
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            complete = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the download of " + entry.name() + " was interrupted", e);
        } finally {
            Files.deleteIfExists(partial);
            if (!complete && created != null) {
                removeEmptyFolders(file.getParent(), created);
            }
        }
    }

    /** The outermost folder of {@code folder} that does not exist yet; null when it exists. */
    private static Path firstMissing(Path folder) {
        Path missing = null;
        for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** The folders a failed download created, innermost first, as long as they are empty. */
    private static void removeEmptyFolders(Path innermost, Path outermost) {
        for (Path p = innermost.toAbsolutePath(); p != null && p.startsWith(outermost); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static DataSetManifest readManifest(Path path) {
        if (!Files.isRegularFile(path)) {
            LOG.warnf("no data-set manifest at %s", path.toAbsolutePath());
            return new DataSetManifest(List.of());
        }
        try {
            return Yaml.MAPPER.readValue(path.toFile(), DataSetManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the data-set manifest " + path + " cannot be read", e);
        }
    }
}
