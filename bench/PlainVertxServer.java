import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The floor for bench/run.sh: a plain Vert.x HTTP server (the same Vert.x and Netty as the service, from its
 * lib folder) with one event loop per core, answering every request with {"live":true} as
 * GET /v2/health/live does. Nothing of Quarkus: no router, no metrics, no security, no JSON mapper.
 *
 * Run: java -cp 'target/quarkus-app/lib/main/*' bench/PlainVertxServer.java PORT
 */
public class PlainVertxServer extends AbstractVerticle {

    private static final Buffer LIVE = Buffer.buffer("{\"live\":true}");

    @Override
    public void start() {
        vertx.createHttpServer()
                .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(LIVE))
                .listen(Integer.parseInt(System.getProperty("port")));
    }

    public static void main(String[] args) {
        System.setProperty("port", args[0]);
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx.vertx().deployVerticle(PlainVertxServer::new, new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("listening on " + args[0] + " with " + loops + " event loops"))
                .onFailure(e -> { e.printStackTrace(); System.exit(1); });
    }
}
