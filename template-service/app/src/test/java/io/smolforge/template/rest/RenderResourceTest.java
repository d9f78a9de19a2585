package io.smolforge.template.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.testkit.InfrastructureTestResource;
import io.smolforge.testkit.TestInfrastructure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class RenderResourceTest {
    private static final String MODEL = "smolforge/tiny-smollm3-base";

    @BeforeAll
    static void mirrorTinyModel() {
        try (ObjectStore store = new ObjectStore(TestInfrastructure.s3Config())) {
            store.putDirectory(ObjectKeys.hubModel(MODEL, "main"), Path.of("../../examples/models/tiny-smollm3-base"));
        }
    }

    @Test
    void rendersATemplateAndKeepsJinjaInUserContentLiteral() {
        Map<String, Object> body = Map.of(
                "template", "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{{ eos_token }}",
                "special_tokens", Map.of("eos_token", "</s>"),
                "messages", List.of(Map.of("role", "user", "content", "what is {{ 7*7 }}?")));
        given().contentType("application/json").body(body)
                .when().post("/v1/render")
                .then().statusCode(200)
                .body("text", equalTo("<user>what is {{ 7*7 }}?</s>"))
                .body("input_ids", nullValue());
    }

    @Test
    void tokenizesWithTheModelsTemplateAndMasksAsTransformers() {
        Map<String, Object> body = Map.of(
                "model", MODEL,
                "now", "2026-01-01T12:00:00",
                "enable_thinking", false,
                "tokenize", true,
                "return_assistant_tokens_mask", true,
                "messages", List.of(Map.of("role", "user", "content", "2+2?"),
                        Map.of("role", "assistant", "content", "4\n#### 4")));
        given().contentType("application/json").body(body)
                .when().post("/v1/render")
                .then().statusCode(200)
                .body("text", containsString("Today Date: 01 January 2026"))
                .body("text", containsString("<|im_start|>assistant\n"))
                .body("input_ids", not(nullValue()))
                .body("assistant_masks", hasItem(0));
    }

    @Test
    void aTemplateErrorIsA422ProblemAndTheServiceLivesOn() {
        Map<String, Object> body = Map.of("template", "{{ raise_exception('no system turn allowed') }}",
                "messages", List.of());
        given().contentType("application/json").body(body)
                .when().post("/v1/render")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("no system turn allowed"));
        given().contentType("application/json").body(Map.of("template", "{{ ''.__class__ }}"))
                .when().post("/v1/render").then().statusCode(422);
    }

    @Test
    void anUnmirroredModelIs404() {
        given().contentType("application/json").body(Map.of("model", "nobody/nothing", "messages", List.of()))
                .when().post("/v1/render").then().statusCode(404)
                .body("detail", containsString("mirror it from the Hub first"));
    }
}
