package io.smolforge.dataset.rest;

import io.smolforge.api.spec.InvalidJobSpecException;
import io.smolforge.api.spec.SpecProblem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the errors a user can act on to RFC 7807 problem details. */
public class ProblemMappers {
    static final String PROBLEM_JSON = "application/problem+json";

    /** RFC 7807 body; {@code errors} lists every problem of the spec, each with its key. */
    public record Problem(String type, String title, int status, String detail, List<SpecProblem> errors) {
    }

    @ServerExceptionMapper
    public Response invalidSpec(InvalidJobSpecException e) {
        Problem problem = new Problem("https://smolforge.io/problems/invalid-job-spec", "Invalid job spec", 400,
                e.problems().size() + " problem(s) in the job spec", e.problems());
        return Response.status(400).type(PROBLEM_JSON).entity(problem).build();
    }
}
