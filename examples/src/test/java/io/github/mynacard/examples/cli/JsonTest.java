package io.github.mynacard.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesRawJsonOnOneLine() {
        Map<String, Object> o = Json.object();
        o.put("rows", new Json.Raw("[\n  {\"a\": 1},\n  {\"b\": \"x y\"}\n]\n"));
        assertEquals("{\"rows\":[{\"a\": 1},{\"b\": \"x y\"}]}", Json.write(o));
    }

    @Test
    void escapesStrings() {
        Map<String, Object> o = Json.object();
        o.put("s", "a\"b\\c\nd\te\u0001f\u2028日本");
        o.put("n", 3);
        o.put("b", false);
        o.put("z", null);
        o.put("l", Arrays.asList(1, "x", null));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028日本\",\"n\":3,\"b\":false,\"z\":null,\"l\":[1,\"x\",null]}",
                Json.write(o));
    }
}
