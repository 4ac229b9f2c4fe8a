package io.pixelcnn.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure of the benchmark against its target, printed as one JSON line. {@code reference}
 * is null when the reference was not run; then neither the ratio nor the verdict is known.
 */
record Figure(String name, double project, Double reference, Double ratio, String target, Boolean met, String setup) {

    /** Higher is better: met when project / reference reaches {@code minRatio}. */
    static Figure ratio(String name, double project, Double reference, double minRatio, String setup) {
        Double ratio = reference == null ? null : project / reference;
        return new Figure(name, project, reference, ratio, "ratio >= " + minRatio,
                ratio == null ? null : ratio >= minRatio, setup);
    }

    /** Lower is better (bits/dim): met when the project's is at most the reference's. */
    static Figure noHigher(String name, double project, Double reference, String setup) {
        return new Figure(name, project, reference, reference == null ? null : project / reference,
                "project <= reference", reference == null ? null : project <= reference, setup);
    }

    /** A property of the model measured, with no target. */
    static Figure info(String name, double project, String setup) {
        return new Figure(name, project, null, null, null, null, setup);
    }

    /** An absolute limit, no reference: met when below {@code limit}. */
    static Figure below(String name, double project, double limit, String setup) {
        return new Figure(name, project, null, null, "< " + limit, project < limit, setup);
    }

    String toJson(BenchSettings s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("figure", name);
        json.put("family", s.family().key());
        json.put("likelihood", s.likelihood().label());
        json.put("project", round(project));
        json.put("reference", reference == null ? null : round(reference));
        json.put("ratio", ratio == null ? null : round(ratio));
        json.put("target", target);
        json.put("met", met);
        json.put("setup", setup);
        json.put("hidden", s.hidden());
        json.put("blocks", s.blocks());
        json.put("batch_size", s.batch());
        json.put("threads", s.threads());
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
