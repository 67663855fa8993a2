package io.modelgate.evaluation;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Benchmark runs: start one, follow it, read the ledger (JSON, Markdown or CSV), compare runs. */
@Path("/api")
public class RunsResource {

    private final RunPlanner planner;
    private final RunExecutor executor;
    private final ActiveRuns active;
    private final RunProgressEvents events;
    private final RunReports reports;

    public RunsResource(RunPlanner planner, RunExecutor executor, ActiveRuns active, RunProgressEvents events,
                        RunReports reports) {
        this.planner = planner;
        this.executor = executor;
        this.active = active;
        this.events = events;
        this.reports = reports;
    }

    /** Starts a run in the background: 202 with its id; follow it at {@code /api/runs/{id}/events}. */
    @POST
    @Path("runs")
    public Response start(RunRequest request) {
        RunPlan plan = planner.plan(request);
        RunProgress progress = executor.start(plan);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", progress.runId());
        body.put("resumed", plan.resumed());
        body.put("progress", progress);
        body.put("events", "/api/runs/" + progress.runId() + "/events");
        return Response.accepted(body).build();
    }

    /**
     * The ledger: every finished run, oldest first, with its status ({@code complete} or {@code incomplete});
     * {@code format=md} or {@code csv} for the results table of the complete ones.
     */
    @GET
    @Path("runs")
    public Response ledger(@QueryParam("task") String task, @QueryParam("test_set") String testSet,
                           @QueryParam("format") String format) {
        List<RunRecord> rows = reports.rows().stream()
                .filter(r -> task == null || r.task().equals(task))
                .filter(r -> testSet == null || r.testSet().isOf(testSet))
                .toList();
        if (format == null || format.equals("json")) {
            return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).build();
        }
        // The results table holds results: an incomplete run is listed (with its status) only in the JSON.
        rows = rows.stream().filter(RunRecord::complete).toList();
        return switch (format) {
            case "md", "markdown" -> Response.ok(LedgerExport.markdown(rows), "text/markdown; charset=utf-8").build();
            case "csv" -> Response.ok(LedgerExport.csv(rows), "text/csv; charset=utf-8").build();
            default -> throw new InvalidInputException("format '" + format + "' is not one of json, md, csv");
        };
    }

    /** A run: its ledger row and scores when complete, else its progress; {@code examples=true} adds every answer. */
    @GET
    @Path("runs/{id}")
    public Map<String, Object> run(@PathParam("id") String id, @QueryParam("examples") boolean examples) {
        Map<String, Object> body = new LinkedHashMap<>();
        RunProgress progress = active.progress(id).orElse(null);
        reports.record(id).ifPresent(row -> {
            body.put("run", row);
            body.put("scores", reports.report(row));
        });
        if (progress == null && body.isEmpty()) {
            List<ExampleResult> partial = reports.results(id); // throws 404 for an unknown id
            body.put("progress", Map.of("run_id", id, "done", partial.size(), "status", "unfinished"));
        } else if (progress != null) {
            body.put("progress", progress);
        }
        if (examples) {
            body.put("examples", reports.results(id));
        }
        return body;
    }

    @GET
    @Path("runs/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RunProgress> events(@PathParam("id") String id) {
        return this.events.events(id);
    }

    /** Cancels a running run; its answers so far are kept, and starting it again resumes it. */
    @DELETE
    @Path("runs/{id}")
    public Map<String, Object> cancel(@PathParam("id") String id) {
        if (!active.cancel(id)) {
            throw new NotFoundException("no run '" + id + "' is running");
        }
        return Map.of("id", id, "cancelling", true);
    }

    @GET
    @Path("comparisons")
    public ComparisonReport comparisons(@QueryParam("task") String task, @QueryParam("test_set") String testSet,
                                                   @QueryParam("testset") String testSetAlias) {
        // The README and docs/api.md write ?testset= (as the course does); the API's other parameters are snake_case, so both are taken.
        if (testSet == null) {
            testSet = testSetAlias;
        }
        if (task == null || testSet == null) {
            throw new InvalidInputException("query parameters 'task' and 'test_set' are required, e.g."
                    + " /api/comparisons?task=penguins&test_set=penguins-test");
        }
        return reports.compare(task, testSet);
    }
}
