package io.modelgate;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed HTTP from a raw socket is answered as the client's mistake: a 4xx, and no ERROR in the server log. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class MalformedHttpTest {

    @TestHTTPResource("/")
    URL server;

    private final LogCapture capture = new LogCapture();

    @BeforeEach
    void capture() {
        TestSupport.awaitReady();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    private List<String> logged() {
        return capture.records().stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage()
                + (r.getThrown() == null ? "" : " " + r.getThrown())).toList();
    }

    @Test
    void multipartBodyWithoutItsClosingBoundaryIs400WithoutAStackTrace() {
        given().contentType("multipart/form-data; boundary=XyZ")
                .body("--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nnot the end"
                        .getBytes(StandardCharsets.US_ASCII))
                .post("/api/systems/penguins-mlp/predict").then().statusCode(400)
                .body("error", startsWith("malformed multipart/form-data body"));
        assertEquals(List.of(), logged(), "a client's malformed body is not a server fault");
    }

    @Test
    void badChunkSizeIs400WithAJsonErrorAndTheConnectionClosed() throws Exception {
        Answer answer = exchange("POST /v2/models/penguins-mlp/infer HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertTrue(answer.text().startsWith("HTTP/1.1 400 "), answer.text());
        assertTrue(answer.text().contains("{\"error\":\"malformed HTTP request body"), answer.text());
        assertTrue(answer.closed(), "the rest of the stream cannot be read as HTTP, so the connection is closed");
        assertEquals(List.of(), logged(), "a client's malformed request is not a server fault");
    }

    @Test
    void chunkedBodyOverTheLimitIs413WithoutAStackTrace() throws Exception {
        StringBuilder request = new StringBuilder("POST /v2/models/penguins-mlp/infer HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(64 * 1024);
        for (int i = 0; i < 20; i++) { // 1.25 MiB, over the tests' 1M limit
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        Answer answer = exchange(request.toString());
        assertTrue(answer.text().startsWith("HTTP/1.1 413 "), answer.text());
        assertTrue(answer.text().contains("{\"error\":\"the chunked request body grew over the limit of 1048576"),
                answer.text());
        assertEquals(List.of(), logged(), "a client's over-long body is not a server fault");
    }

    /** What came back on a raw connection: the first answer, and whether the server closed the connection after it. */
    private record Answer(String text, boolean closed) {
    }

    /** Sends raw bytes and reads one answer (its headers and Content-Length bytes), then whether the connection closed. */
    private Answer exchange(String request) throws IOException, InterruptedException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole request is sent
            }
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            boolean closed = false;
            try {
                while (!complete(text)) {
                    int c = in.read();
                    if (c < 0) {
                        closed = true;
                        break;
                    }
                    text.append((char) c);
                }
                closed = closed || in.read() < 0;
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException reset) {
                closed = true;
            }
            Thread.sleep(500); // records of the failure may be written after the answer
            return new Answer(text.toString(), closed);
        }
    }

    private static boolean complete(CharSequence text) {
        String s = text.toString();
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(s.substring(0, end));
        return s.length() - end - 4 >= (length.find() ? Integer.parseInt(length.group(1)) : 0);
    }

    @Test
    void clientThatDisconnectsMidRequestLeavesNoWarningOrError() throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/models/penguins-mlp/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"inputs\": [").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoLinger(true, 0); // a reset, as a client that is killed sends
        } catch (IOException ignored) {
            // the server may have closed first
        }
        Thread.sleep(1000);
        assertEquals(List.of(), logged(), "a client that went away is not a server fault");
    }
}
