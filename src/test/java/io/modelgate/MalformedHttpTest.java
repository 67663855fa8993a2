package io.modelgate;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Malformed HTTP from a raw socket is answered as the client's mistake: a 4xx, and no ERROR in the server log. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class MalformedHttpTest {

    @TestHTTPResource("/")
    URL server;

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

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
        return warnings.stream().map(r -> r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage()
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
    @org.junit.jupiter.api.Disabled("reproduces issue #15 item 4, not fixed yet: QuarkusErrorHandler logs ERROR"
            + " 'HTTP Request to /v2/models/penguins-mlp/infer failed … HttpClosedException: Connection was closed'")
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
