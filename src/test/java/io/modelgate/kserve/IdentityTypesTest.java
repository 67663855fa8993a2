package io.modelgate.kserve;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every V2 datatype through a model that returns its inputs unchanged. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class IdentityTypesTest {

    /** Per datatype: JSON data of shape [2, 2] and what comes back, as JSON. */
    static final Map<String, String[]> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("BOOL", new String[]{"[true, false, false, true]", "[true,false,false,true]"});
        VALUES.put("UINT8", new String[]{"[0, 1, 254, 255]", "[0,1,254,255]"});
        VALUES.put("INT8", new String[]{"[-128, -1, 0, 127]", "[-128,-1,0,127]"});
        VALUES.put("INT16", new String[]{"[-32768, -1, 2.0, 32767]", "[-32768,-1,2,32767]"});
        VALUES.put("INT32", new String[]{"[-2147483648, 0, 7, 2147483647]", "[-2147483648,0,7,2147483647]"});
        VALUES.put("INT64", new String[]{"[-9223372036854775808, 0, 7, 9223372036854775807]",
                "[-9223372036854775808,0,7,9223372036854775807]"});
        VALUES.put("FP16", new String[]{"[0.5, -2, 65504, 0.1]", "[0.5,-2.0,65504.0,0.099975586]"});
        VALUES.put("FP32", new String[]{"[0.5, \"-Infinity\", 3.25, NaN]", "[0.5,\"-Infinity\",3.25,\"NaN\"]"});
        VALUES.put("FP64", new String[]{"[0.1, -2, 1e300, 3.5]", "[0.1,-2.0,1.0E300,3.5]"});
        VALUES.put("BYTES", new String[]{"[\"a\", \"\", \"ünïcödé\", \"x y\"]", "[\"a\",\"\",\"ünïcödé\",\"x y\"]"});
    }

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    static String allInputs() {
        StringBuilder inputs = new StringBuilder("[");
        VALUES.forEach((type, values) -> inputs.append(inputs.length() > 1 ? "," : "")
                .append("{\"name\": \"in_").append(type).append("\", \"shape\": [2, 2], \"datatype\": \"").append(type)
                .append("\", \"data\": ").append(values[0]).append('}'));
        return inputs.append(']').toString();
    }

    @Test
    void everyDatatypeTravelsThroughUnchanged() {
        var json = given().contentType(ContentType.JSON).body("{\"inputs\": " + allInputs() + "}")
                .post("/v2/models/identity-types/infer").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> outputs = json.getList("outputs");
        assertEquals(VALUES.size(), outputs.size());
        for (Map<String, Object> output : outputs) {
            String type = output.get("datatype").toString();
            assertEquals("out_" + type, output.get("name"));
            assertEquals(List.of(2, 2), output.get("shape"), type);
        }
        String body = given().contentType(ContentType.JSON).body("{\"inputs\": " + allInputs() + "}")
                .post("/v2/models/identity-types/infer").then().extract().asString();
        VALUES.forEach((type, values) -> org.junit.jupiter.api.Assertions.assertTrue(
                body.contains("\"name\":\"out_" + type + "\",\"shape\":[2,2],\"datatype\":\"" + type + "\",\"data\":" + values[1]),
                type + " came back as something else than " + values[1] + " in " + body));
    }

    @Test
    void dimensionsOfAnySizeTakeAnyShape() {
        String inputs = allInputs().replace("\"shape\": [2, 2]", "\"shape\": [1, 4]");
        given().contentType(ContentType.JSON).body("{\"inputs\": " + inputs + ", \"outputs\": [{\"name\": \"out_INT32\"}]}")
                .post("/v2/models/identity-types/infer").then().statusCode(200)
                .body("outputs[0].shape", org.hamcrest.Matchers.contains(1, 4));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            BOOL  | [1, 0, 0, 1]             | element 0 of 'data' is 1; expected true or false (BOOL)
            UINT8 | [0, 1, 256, 3]           | element 2 of 'data' is 256; expected an integer from 0 to 255 (UINT8)
            UINT8 | [0, -1, 2, 3]            | element 1 of 'data' is -1; expected an integer from 0 to 255 (UINT8)
            INT8  | [0, 1, 2, 128]           | element 3 of 'data' is 128; expected an integer from -128 to 127 (INT8)
            INT16 | [0, 1.5, 2, 3]           | element 1 of 'data' is 1.5; expected an integer from -32768 to 32767 (INT16)
            INT32 | [0, 1, 2, 2147483648]    | element 3 of 'data' is 2147483648; expected an integer from -2147483648 to 2147483647 (INT32)
            INT64 | [0, 1, 2, 9223372036854775808] | element 3 of 'data' is 9223372036854775808; expected an integer from -9223372036854775808 to 9223372036854775807 (INT64)
            INT64 | [0, true, 2, 3]          | element 1 of 'data' is true; expected an integer from -9223372036854775808 to 9223372036854775807 (INT64)
            BYTES | ["a", 1, "b", "c"]       | element 1 of 'data' is 1; expected a string (BYTES)
            FP64  | [0, 1, 2, NaN]           | has a non-finite value (NaN or Infinity) at element 3; this input expects finite numbers
            """)
    void elementThatDoesNotFitItsDatatypeIsRefused(String type, String data, String error) {
        String inputs = allInputs().replace(VALUES.get(type)[0], data);
        given().contentType(ContentType.JSON).body("{\"inputs\": " + inputs + "}")
                .post("/v2/models/identity-types/infer").then().statusCode(400)
                .body("error", containsString("input 'in_" + type + "' for model 'identity-types'"))
                .body("error", containsString(error));
    }

    @Test
    void inputsWithDifferentBatchSizesAreRefused() {
        String inputs = allInputs().replaceFirst("\"shape\": \\[2, 2], \"datatype\": \"BOOL\", \"data\": \\[true, false, false, true]",
                "\"shape\": [4, 1], \"datatype\": \"BOOL\", \"data\": [true, false, false, true]");
        given().contentType(ContentType.JSON).body("{\"inputs\": " + inputs + "}")
                .post("/v2/models/identity-types/infer").then().statusCode(400)
                .body("error", equalTo("inputs 'in_BOOL' and 'in_UINT8' of model 'identity-types' have different batch sizes, 4 and 2"));
    }
}
