package io.pixelcnn.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;

/**
 * How far back from a position a layer's (or a whole model's) output reads its input: {@code up} rows
 * above, {@code left} columns to the left and {@code right} columns to the right, never below. A model's
 * output at (row, col) is therefore a function of the pixels in rows {@code row-up .. row} and columns
 * {@code col-left .. col+right} alone, which is what lets the sampler run a pass over that window instead of
 * the whole image. Recurrent layers see every row above: {@link #UNBOUNDED}.
 */
public record Reach(int up, int left, int right) {

    /** Far enough to cover any image: a recurrent layer's state carries the whole past. */
    public static final int ALL = Integer.MAX_VALUE / 4;
    public static final Reach NONE = new Reach(0, 0, 0);
    public static final Reach UNBOUNDED = new Reach(ALL, ALL, ALL);

    public Reach {
        if (up < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("a reach is never negative: " + up + ", " + left + ", " + right);
        }
    }

    /** A layer that reads its input at spatial offsets, and says how far. */
    public interface Spatial {
        Reach reach();
    }

    /** Two layers in sequence: their reaches add (saturating at {@link #ALL}). */
    public Reach then(Reach next) {
        return new Reach(add(up, next.up), add(left, next.left), add(right, next.right));
    }

    /** The larger of two paths' reaches, side by side. */
    public Reach widest(Reach other) {
        return new Reach(Math.max(up, other.up), Math.max(left, other.left), Math.max(right, other.right));
    }

    /**
     * The reach of a whole model: along every path from its input to its output the layers' reaches add
     * up, and the widest path counts. Layers that do not declare one ({@link Spatial}) read only their own
     * position (activations, the softmax, element-wise vertices). Read from the configuration, so it holds
     * for any loaded model of any family.
     */
    public static Reach of(ComputationGraphConfiguration configuration) {
        Map<String, Reach> memo = new HashMap<>();
        Reach reach = NONE;
        for (String output : configuration.getNetworkOutputs()) {
            reach = reach.widest(toVertex(output, configuration, memo));
        }
        return reach;
    }

    private static Reach toVertex(String name, ComputationGraphConfiguration configuration, Map<String, Reach> memo) {
        Reach known = memo.get(name);
        if (known != null) {
            return known;
        }
        Reach inputs = NONE;
        List<String> sources = configuration.getVertexInputs().get(name);
        if (sources != null) {
            for (String source : sources) {
                inputs = inputs.widest(toVertex(source, configuration, memo));
            }
        }
        Reach reach = inputs.then(own(configuration.getVertices().get(name)));
        memo.put(name, reach);
        return reach;
    }

    private static Reach own(GraphVertex vertex) {
        return vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof Spatial spatial
                ? spatial.reach() : NONE;
    }

    private static int add(int a, int b) {
        return (int) Math.min(ALL, (long) a + b);
    }
}
