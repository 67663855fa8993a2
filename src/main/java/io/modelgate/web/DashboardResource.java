package io.modelgate.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The dashboard at {@code /}: leaderboard, latency/metric scatter, confusion matrix, disagreements, a run button. */
@Path("/")
public class DashboardResource {

    private final DashboardBuilder builder;
    private final Template dashboard;

    public DashboardResource(DashboardBuilder builder, @Location("dashboard.html") Template dashboard) {
        this.builder = builder;
        this.dashboard = dashboard;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("task") String task, @QueryParam("test_set") String testSet,
                                 @QueryParam("run") String run) {
        return dashboard.data("view", builder.build(task, testSet, run));
    }
}
