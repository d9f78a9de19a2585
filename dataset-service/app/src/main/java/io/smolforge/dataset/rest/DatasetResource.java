package io.smolforge.dataset.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.smolforge.dataset.service.DatasetUploads;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Dataset uploads and previews of converted rows. */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
    private final DatasetUploads uploads;

    public DatasetResource(DatasetUploads uploads) {
        this.uploads = uploads;
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a dataset file (form part `file`); name its key in a job's smolforge.dataset_path")
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null) {
            throw new BadRequestException("the form part 'file' is missing");
        }
        DatasetUploads.Upload upload = uploads.store(file.uploadedFile(), file.fileName());
        return Response.created(URI.create("/v1/datasets/" + upload.id() + "/preview")).entity(upload).build();
    }

    @GET
    @Blocking
    @Path("{id}/preview")
    @Operation(summary = "The first converted rows of a job's dataset (job id) or of an upload (dataset id)")
    public List<JsonNode> preview(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("5") int limit,
                                  @QueryParam("format") @DefaultValue("auto") String format) throws IOException {
        if (limit < 1 || limit > 100) {
            throw new BadRequestException("limit must be within 1..100");
        }
        try {
            return uploads.preview(id, limit, format)
                    .orElseThrow(() -> new NotFoundException("no dataset or job " + id));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
