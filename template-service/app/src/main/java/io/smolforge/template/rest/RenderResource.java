package io.smolforge.template.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.common.annotation.Blocking;
import io.smolforge.runtime.ModelCache;
import io.smolforge.template.render.ChatTemplate;
import io.smolforge.template.render.TemplateError;
import io.smolforge.template.tokens.ChatTemplateTokenizer;
import io.smolforge.template.tokens.ModelTokenizer;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@code apply_chat_template} as a service. */
@Path("/v1/render")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RenderResource {

    /** Text, and with {@code tokenize} the ids and (when asked) the assistant mask. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RenderResponse(String text, @JsonProperty("input_ids") int[] inputIds,
                                 @JsonProperty("assistant_masks") int[] assistantMasks) {
    }

    public record Problem(String type, String title, int status, String detail) {
    }

    private final ModelCache models;

    public RenderResource(ModelCache models) {
        this.models = models;
    }

    @POST
    @Blocking
    @Operation(summary = "Render a chat template, optionally tokenized with assistant masks, as transformers does")
    public RenderResponse render(RenderRequest request) {
        Clock clock = request.now == null ? Clock.systemUTC()
                : Clock.fixed(LocalDateTime.parse(request.now).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        if (request.model != null) {
            java.nio.file.Path dir = models.fetch(request.model, request.revision, ModelCache.WITHOUT_WEIGHTS);
            ChatTemplate template = ChatTemplate.fromModelDir(dir).withClock(clock);
            if (!request.tokenize) {
                return new RenderResponse(template.render(request.allVariables()).text(), null, null);
            }
            try (ModelTokenizer tokenizer = ModelTokenizer.fromModelDir(dir)) {
                var chat = new ChatTemplateTokenizer(template, tokenizer).apply(request.allVariables());
                return new RenderResponse(chat.text(), chat.inputIds(),
                        request.returnAssistantTokensMask ? chat.assistantMasks() : null);
            }
        }
        if (request.template == null) {
            throw new BadRequestException("give a chat template ('template') or a model ('model')");
        }
        if (request.tokenize) {
            throw new BadRequestException("tokenize needs a model ('model'): a template alone has no tokenizer");
        }
        ChatTemplate template = ChatTemplate.of(request.template, "request", request.specialTokens).withClock(clock);
        return new RenderResponse(template.render(request.allVariables()).text(), null, null);
    }

    @ServerExceptionMapper
    public Response templateError(TemplateError e) {
        return Response.status(422).type("application/problem+json")
                .entity(new Problem("https://smolforge.io/problems/template-error", "Template error", 422, e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response unknownModel(IllegalArgumentException e) {
        return Response.status(404).type("application/problem+json")
                .entity(new Problem("https://smolforge.io/problems/not-found", "Not found", 404, e.getMessage()))
                .build();
    }

}
