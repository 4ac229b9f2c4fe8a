package io.pixelcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code score}'s JSON summary: a least-likely entry names its class only when the score was given one. */
class ScoreSummaryTest {

    @Test
    void leastLikelyEntriesCarryTheClassOnlyForAConditionalModel() throws Exception {
        ImageScore plain = new ImageScore("a.png", 500.0, 784, new byte[784]);
        ImageScore given = new ImageScore("b.png", 600.0, 784, new byte[784], "Trouser");
        assertEquals(List.of("image", "bits_per_dim"), fields(new ScoreSummary(1, 1.0, List.of(plain))));
        JsonNode entry = entry(new ScoreSummary(1, 1.0, List.of(given)));
        assertEquals(List.of("image", "class", "bits_per_dim"), fields(new ScoreSummary(1, 1.0, List.of(given))));
        assertEquals("Trouser", entry.get("class").asText());
        assertEquals(given.bitsPerDim(), entry.get("bits_per_dim").asDouble(), 0.0);
    }

    private static JsonNode entry(ScoreSummary summary) throws Exception {
        return new ObjectMapper().readTree(summary.toJson(Map.of())).get("least_likely").get(0);
    }

    private static List<String> fields(ScoreSummary summary) throws Exception {
        List<String> names = new ArrayList<>();
        entry(summary).fieldNames().forEachRemaining(names::add);
        return names;
    }
}
