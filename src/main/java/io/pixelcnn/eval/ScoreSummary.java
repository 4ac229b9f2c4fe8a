package io.pixelcnn.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.StatCounter;

/** What {@code score} says of a scored dataset: how many images, their bits/dim together, and the least likely. */
public record ScoreSummary(long images, double bitsPerDim, List<ImageScore> leastLikely) {

    /** One pass for the totals, one for the {@code top} least likely images (none if 0). */
    public static ScoreSummary of(JavaRDD<ImageScore> scores, int dimsPerImage, int top) {
        StatCounter nats = scores.mapToDouble(ImageScore::nllNats).stats();
        List<ImageScore> leastLikely = top > 0 ? scores.takeOrdered(top, ImageScore.LEAST_LIKELY_FIRST) : List.of();
        return new ScoreSummary(nats.count(), BitsPerDim.of(nats.sum(), nats.count(), dimsPerImage), leastLikely);
    }

    /** The least likely images' pixels, least likely first. */
    public List<byte[]> leastLikelyPixels() {
        return leastLikely.stream().map(ImageScore::pixels).toList();
    }

    /**
     * One JSON object: images, bits_per_dim, then {@code where} (what was written where), then least_likely,
     * each entry its image, its class (a class-conditional model's scores only) and its bits_per_dim.
     */
    public String toJson(Map<String, Object> where) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", images);
        json.put("bits_per_dim", bitsPerDim);
        json.putAll(where);
        List<Map<String, Object>> worst = new ArrayList<>();
        for (ImageScore score : leastLikely) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("image", score.name());
            if (score.className() != null) { // a conditional model's score is given this class; else no such field
                entry.put("class", score.className());
            }
            entry.put("bits_per_dim", score.bitsPerDim());
            worst.add(entry);
        }
        json.put("least_likely", worst);
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary of numbers and names is always JSON", e);
        }
    }
}
