package io.modelgate.systems;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The weather model through the task API with a real test day, and that day spoiled in each way a user might. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class WeatherTaskApiTest {

    @Inject
    TaskRepository tasks;

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    private ObjectNode firstTestDay() {
        Example day = tasks.examples("weather", "weather-test").get(0);
        return day.instance().deepCopy();
    }

    private static String body(ObjectNode instance) {
        return "{\"instances\": [" + instance + "]}";
    }

    @Test
    void aTestDayIsAnsweredInHoursOfSunshine() {
        given().contentType(ContentType.JSON).body(body(firstTestDay())).post("/api/systems/weather-mlp/predict")
                .then().statusCode(200).body("predictions[0].value", TestSupport.near(2.0, 2.0));
    }

    @Test
    void wordsNaNAndMissingValuesAreRefusedNamingTheField() {
        ObjectNode words = firstTestDay();
        words.put("BASEL_sunshine", "sunny");
        given().contentType(ContentType.JSON).body(body(words)).post("/api/systems/weather-mlp/predict").then()
                .statusCode(400).body("error", equalTo("instances[0].BASEL_sunshine: expected a finite number (hours), got \"sunny\""));
        String nan = body(firstTestDay()).replaceFirst("\"BASEL_pressure\":[-0-9.eE]+", "\"BASEL_pressure\":NaN");
        given().contentType(ContentType.JSON).body(nan).post("/api/systems/weather-mlp/predict").then()
                .statusCode(400).body("error", equalTo("instances[0].BASEL_pressure: expected a finite number (1000 hPa), got NaN"));
        ObjectNode missing = firstTestDay();
        missing.remove("TOURS_temp_max");
        given().contentType(ContentType.JSON).body(body(missing)).post("/api/systems/weather-mlp/predict").then()
                .statusCode(400).body("error", equalTo("instances[0]: missing field 'TOURS_temp_max' (a number)"));
        given().get("/v2/models/weather-mlp/ready").then().statusCode(200);
    }
}
