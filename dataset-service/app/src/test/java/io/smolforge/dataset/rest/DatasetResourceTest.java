package io.smolforge.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smolforge.testkit.InfrastructureTestResource;
import java.io.File;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DatasetResourceTest {

    @Test
    void uploadsADatasetAndPreviewsItsConvertedRows() throws Exception {
        File gsm8k = new File(getClass().getClassLoader().getResource("data/gsm8k-40.jsonl").toURI());
        String id = given().multiPart("file", gsm8k)
                .when().post("/v1/datasets")
                .then().statusCode(201)
                .body("key", startsWith("datasets/uploads/ds-"))
                .body("size", equalTo((int) gsm8k.length()))
                .extract().path("id");

        given().queryParam("limit", 3).when().get("/v1/datasets/" + id + "/preview")
                .then().statusCode(200)
                .body("$", hasSize(3))
                .body("[0].messages[0].role", equalTo("user"))
                .body("[0].messages[1].role", equalTo("assistant"))
                .body("[0].metadata.final_answer", equalTo("18"));
    }

    @Test
    void anUnknownDatasetIs404() {
        given().when().get("/v1/datasets/ds-000000000000/preview").then().statusCode(404);
        given().when().get("/v1/datasets/sft-unknown/preview").then().statusCode(404);
    }
}
