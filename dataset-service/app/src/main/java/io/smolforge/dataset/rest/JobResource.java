package io.smolforge.dataset.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smolforge.api.events.JobStatus;
import io.smolforge.dataset.service.JobEvents;
import io.smolforge.dataset.service.JobIntake;
import io.smolforge.runtime.JobStatusStore;
import io.smolforge.runtime.StatusReporter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Job intake and status: thin translation between HTTP and {@link JobIntake} / {@link JobStatusStore}. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobIntake intake;
    private final JobStatusStore jobs;
    private final StatusReporter status;
    private final JobEvents events;

    public JobResource(JobIntake intake, JobStatusStore jobs, StatusReporter status, JobEvents events) {
        this.intake = intake;
        this.jobs = jobs;
        this.status = status;
        this.events = events;
    }

    @POST
    @Blocking
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "Submit a job: a TRL `sft` config (YAML or JSON)")
    public Response submit(String spec) {
        return created(intake.submit(spec, null, null));
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Submit a job with its dataset: form parts `spec` (YAML/JSON) and `dataset` (a file)")
    public Response submitWithDataset(@RestForm("spec") String spec, @RestForm("dataset") FileUpload dataset) {
        if (spec == null || spec.isBlank()) {
            throw new jakarta.ws.rs.BadRequestException("the form part 'spec' is missing");
        }
        if (dataset == null || !Files.isRegularFile(dataset.uploadedFile())) {
            return created(intake.submit(spec, null, null));
        }
        return created(intake.submit(spec, dataset.uploadedFile(), dataset.fileName()));
    }

    @GET
    @Operation(summary = "All jobs, newest first")
    public List<JobView> list() {
        return jobs.all().stream().map(JobView::of).toList();
    }

    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") String id) {
        return JobView.of(find(id));
    }

    @POST
    @Blocking
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a job; stages stop at their next check")
    public JobView cancel(@PathParam("id") String id) {
        find(id);
        status.cancel(id, "cancelled by user");
        return JobView.of(find(id));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-Sent Events: `status` on every state change, `progress` every logging step")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @jakarta.ws.rs.core.Context Sse sse) {
        find(id);
        return events.stream(id).map(e -> sse.newEventBuilder().name(e.name())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(e.json()).build());
    }

    private JobStatus find(String id) {
        return jobs.get(id).orElseThrow(() -> new NotFoundException("no job " + id));
    }

    private static Response created(JobStatus queued) {
        JobView view = JobView.of(queued);
        return Response.created(URI.create(view.statusUrl())).entity(view).build();
    }
}
