package dev.selfheal.bare;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The ceiling reads the whole body, answers what it read, and is ready when the bench asks. */
@QuarkusTest
class BareResourceTest {

    @Test
    void readsTheWholeBodyAndAnswersItsSize() {
        given().body(new byte[70_000]).contentType("application/json").post("/bench/bare")
                .then().statusCode(200).body("status", equalTo("read")).body("bytes", equalTo(70_000));
    }

    @Test
    void answersReadyAsTheReceiverDoes() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
