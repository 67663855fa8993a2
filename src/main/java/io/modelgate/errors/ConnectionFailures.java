package io.modelgate.errors;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Failures of the connection rather than of a request's handling: a body that Netty's HTTP decoder cannot read
 * (a chunk size that is not hexadecimal, a chunk line too long) and a client that went away mid-request. Both are the
 * client's doing, so the log says so at DEBUG only; Quarkus' own failure handler would log them as an ERROR with a
 * stack trace. A malformed body is answered 400 with {@code {"error": "…"}} and the connection closed, since the rest
 * of the stream can no longer be read as HTTP; a closed connection has no one left to answer.
 */
@ApplicationScoped
public class ConnectionFailures {

    private static final Logger LOG = Logger.getLogger(ConnectionFailures.class);
    private static final String HTTP_CODEC_PACKAGE = "io.netty.handler.codec.";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof HttpClosedException) {
            LOG.debugf("%s %s: the client closed the connection before the answer", context.request().method(),
                    context.request().path());
        } else if (fromTheHttpDecoder(failure)) {
            LOG.debugf("%s %s: malformed HTTP from the client: %s", context.request().method(), context.request().path(),
                    failure);
            if (!context.response().ended() && !context.response().closed()) {
                context.response().setStatusCode(400)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(new JsonObject().put("error", "malformed HTTP request body (" + failure.getMessage()
                                + "); expected a body as its Content-Length or chunked Transfer-Encoding declares").encode())
                        .onComplete(done -> context.request().connection().close());
                flush(context);
            }
        } else {
            context.next();
        }
    }

    /**
     * Vert.x holds back the flush of what is written while it is reading from the connection, and closes the
     * connection right after this handler returns, which drops what was not flushed: the answer is flushed now.
     */
    private static void flush(RoutingContext context) {
        if (context.request().connection() instanceof ConnectionBase connection) {
            connection.flush();
        }
    }

    /**
     * Netty reports an undecodable body as the decoder's exception (a NumberFormatException for a chunk size, a
     * TooLongFrameException for a line too long): told apart from the server's own failures by where it was thrown.
     */
    private static boolean fromTheHttpDecoder(Throwable failure) {
        StackTraceElement[] frames = failure == null ? new StackTraceElement[0] : failure.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(HTTP_CODEC_PACKAGE)
                || failure instanceof io.netty.handler.codec.DecoderException;
    }
}
