package io.modelgate.data;

import com.sun.net.httpserver.HttpServer;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data-set files found, downloaded over real HTTP from a local server, and checked. */
class DataSetsTest {

    private static final byte[] CONTENT = "species,bill_length_mm\nAdelie,39.1\n".getBytes(StandardCharsets.UTF_8);
    private static final String CONTENT_SHA256 = "a6bd4d14e64a1cbbf44be4d9e2aa8b4f3ab7b78b7bbd5c2f0f2d3e6a1c8f0b11";

    private HttpServer server;
    @TempDir
    Path root;
    private final AtomicInteger downloads = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/small.csv", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, CONTENT.length);
            exchange.getResponseBody().write(CONTENT);
            exchange.close();
        });
        server.createContext("/files/gone.csv", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DataSets dataSets(String sha256, boolean download) throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
        Path manifest = root.resolve("manifest.yaml");
        Files.writeString(manifest, "datasets:\n"
                + "  - {name: small/small.csv, url: " + base + "small.csv, sha256: " + sha256 + ", mirror-only: true}\n"
                + "  - {name: small/gone.csv, url: " + base + "gone.csv, sha256: " + sha256 + "}\n");
        Path dir = root.resolve("data");
        return new DataSets(new DataConfig() {
            @Override
            public java.util.Optional<Path> dir() {
                return java.util.Optional.of(dir);
            }

            @Override
            public Path manifest() {
                return manifest;
            }

            @Override
            public boolean download() {
                return download;
            }

            @Override
            public Duration downloadTimeout() {
                return Duration.ofSeconds(10);
            }
        });
    }

    private static String sha256OfContent() throws IOException {
        Path file = Files.createTempFile("content", ".csv");
        Files.write(file, CONTENT);
        String sha = Sha256.of(file);
        Files.delete(file);
        return sha;
    }

    @Test
    void missingFileIsDownloadedCheckedAndThenReadLocally() throws IOException {
        DataSets dataSets = dataSets(sha256OfContent(), true);
        Path file = dataSets.resolve("small/small.csv");
        assertEquals(new String(CONTENT, StandardCharsets.UTF_8), Files.readString(file));
        dataSets.resolve("small/small.csv");
        assertEquals(1, downloads.get(), "a file already there is not downloaded again");
    }

    @Test
    void downloadWithTheWrongChecksumIsRefusedAndLeavesNothingBehind() throws IOException {
        DataSets dataSets = dataSets(CONTENT_SHA256, true);
        NotReadyException e = assertThrows(NotReadyException.class, () -> dataSets.resolve("small/small.csv"));
        assertTrue(e.getMessage().contains("but the manifest expects " + CONTENT_SHA256), e.getMessage());
        assertFalse(Files.exists(root.resolve("data/small")), "neither the file, a partial download nor its folder stays");
    }

    @Test
    void localFileWithTheWrongChecksumIsRefused() throws IOException {
        DataSets dataSets = dataSets(sha256OfContent(), false);
        Files.createDirectories(root.resolve("data/small"));
        Files.writeString(root.resolve("data/small/small.csv"), "tampered\n");
        NotReadyException e = assertThrows(NotReadyException.class, () -> dataSets.resolve("small/small.csv"));
        assertTrue(e.getMessage().contains("has sha256 "), e.getMessage());
    }

    @Test
    void withDownloadsOffAMissingFileSaysWhereToGetIt() throws IOException {
        DataSets dataSets = dataSets(sha256OfContent(), false);
        NotReadyException e = assertThrows(NotReadyException.class, () -> dataSets.resolve("small/small.csv"));
        assertTrue(e.getMessage().contains("downloads are off; fetch it from http://127.0.0.1:"), e.getMessage());
        assertEquals(0, downloads.get());
    }

    @Test
    void httpErrorIsReported() throws IOException {
        DataSets dataSets = dataSets(sha256OfContent(), true);
        NotReadyException e = assertThrows(NotReadyException.class, () -> dataSets.resolve("small/gone.csv"));
        assertTrue(e.getMessage().contains("answered HTTP 404"), e.getMessage());
        assertFalse(Files.exists(root.resolve("data/small/gone.csv")));
    }

    @Test
    void unreachableServerIsReportedWithFolderVariableUrlAndCauseAndLeavesNoEmptyFolder() throws IOException {
        DataSets dataSets = dataSets(sha256OfContent(), true);
        server.stop(0);
        NotReadyException e = assertThrows(NotReadyException.class, () -> dataSets.resolve("small/small.csv"));
        String message = e.getMessage();
        assertTrue(message.contains(root.resolve("data").toAbsolutePath().toString()), message);
        assertTrue(message.contains("MODELGATE_DATA_DIR"), message);
        assertTrue(message.contains("http://127.0.0.1:" + server.getAddress().getPort() + "/files/small.csv"), message);
        assertTrue(message.contains("ConnectException"), message);
        assertFalse(message.contains("null"), message);
        assertFalse(Files.exists(root.resolve("data/small")), "the folder made for the download is removed again");
        assertFalse(Files.exists(root.resolve("data")), "the data folder made for the download is removed again");
    }

    @Test
    void failedDownloadKeepsFoldersThatWereThereBefore() throws IOException {
        Files.createDirectories(root.resolve("data/small"));
        DataSets dataSets = dataSets(sha256OfContent(), true);
        assertThrows(NotReadyException.class, () -> dataSets.resolve("small/gone.csv"));
        assertTrue(Files.isDirectory(root.resolve("data/small")));
    }

    @Test
    void folderIsTheConfiguredOneElseTheMirrorElseData() throws IOException {
        Path mirror = root.resolve("shared/data");
        assertEquals(Path.of("data"), DataSets.folder(java.util.Optional.empty(), mirror), "no mirror: data/");
        Files.createDirectories(mirror);
        assertEquals(mirror, DataSets.folder(java.util.Optional.empty(), mirror));
        assertEquals(Path.of("elsewhere"), DataSets.folder(java.util.Optional.of(Path.of("elsewhere")), mirror));
    }

    @Test
    void nameNotInTheManifestIs404() throws IOException {
        DataSets dataSets = dataSets(sha256OfContent(), true);
        assertThrows(NotFoundException.class, () -> dataSets.resolve("other.csv"));
    }

    @Test
    void projectManifestNamesThePenguinsFileWithTheMirrorsChecksum() throws IOException {
        DataSets project = io.modelgate.TestFolders.dataSets();
        assertTrue(project.entries().stream().anyMatch(e -> e.name().equals("penguins/penguins.csv")
                && e.sha256().equals("f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93")));
    }
}
