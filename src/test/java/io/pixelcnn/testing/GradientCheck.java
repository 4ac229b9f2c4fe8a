package io.pixelcnn.testing;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ClassBiasParameters;
import io.pixelcnn.model.ModelGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Analytic gradients of a whole model against central finite differences, in double precision, on a few
 * random images scored against themselves; every parameter array of every layer, the logits' included.
 *
 * <p>Sampling: an array of at most {@link #FULL_ARRAY} elements is checked element by element; a larger one
 * (in these small models only the logits layer's weights and biases, 256 per colour and input channel) at
 * {@link #FULL_ARRAY} elements drawn uniformly without replacement at a fixed seed. Each element costs two
 * forward passes, and the full logits weights alone (3,072 to 4,608 in colour) would triple the time.
 *
 * <p>The comparison is DL4J's {@code GradientCheckUtil}'s (relative error over 1e-3 fails unless the absolute
 * error is under 1e-6), written out here because DL4J's graph check cannot sample an array (its
 * {@code subset} option applies to multi-layer networks only) and answers only true or false.
 */
public final class GradientCheck {

    /** Elements of one parameter array checked; arrays up to this size are checked in full. */
    static final int FULL_ARRAY = 256;
    private static final int IMAGES = 3;
    private static final double EPSILON = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-3;
    /** A score of ~400 nats leaves finite differences about 1e-6 of round-off. */
    private static final double MIN_ABSOLUTE_ERROR = 1e-6;

    private GradientCheck() {
    }

    /** The check of the model {@code configuration} builds for an updater, a data type and a seed. */
    public static Report run(Function<Setup, ComputationGraphConfiguration> configuration, ImageShape shape) {
        return run(configuration, shape, graph -> { });
    }

    /**
     * The check after {@code change} has been applied to the initialised graph: how a test plants a fault in
     * a layer's backward pass to see the check catch it.
     */
    public static Report run(Function<Setup, ComputationGraphConfiguration> configuration, ImageShape shape,
                             Consumer<ComputationGraph> change) {
        return run(configuration, shape, change, name -> true);
    }

    /**
     * The check of only the parameter arrays whose names ({@code layer_W}) {@code arrays} accepts: each element
     * costs two forward passes, and a test of one new layer needs its own arrays and one array below it (every
     * gradient on its way down passes through the layer) rather than all of them.
     */
    public static Report run(Function<Setup, ComputationGraphConfiguration> configuration, ImageShape shape,
                             Consumer<ComputationGraph> change, Predicate<String> arrays) {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph graph = new ComputationGraph(configuration.apply(
                    new Setup(new NoOp(), DataType.DOUBLE, 7)));
            graph.init();
            randomise(graph);
            // the gradient arrays exist only after a first backward pass otherwise; a planted fault needs them
            graph.initGradientsView();
            change.accept(graph);
            INDArray pixels = Nd4j.rand(DataType.DOUBLE, IMAGES, shape.channels(), shape.height(), shape.width())
                    .muli(255).castTo(DataType.INT32).castTo(DataType.DOUBLE);
            int classes = ModelGraph.classes(graph.getConfiguration());
            INDArray[] inputs = classes == 0 ? new INDArray[]{pixels} : new INDArray[]{pixels, oneHot(classes)};
            return compare(graph, new MultiDataSet(inputs, new INDArray[]{pixels}), arrays);
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    /** Images 0, 1, 2 of the classes 0, 1, 0 (of at least two): two share a class, so dV sums over images. */
    private static INDArray oneHot(int classes) {
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, IMAGES, classes);
        for (int image = 0; image < IMAGES; image++) {
            oneHot.putScalar(image, image % Math.min(2, classes), 1.0);
        }
        return oneHot;
    }

    /**
     * Biases start at zero, which puts every pre-activation fed only by zero padding exactly on ReLU's kink,
     * where finite differences are meaningless; and the logits layer starts at zero (a new model is uniform),
     * which would make every gradient below it zero and the check vacuous. A class bias's rows start at zero
     * too: random rows make each class's bias show in the scores.
     */
    private static void randomise(ComputationGraph graph) {
        Nd4j.getRandom().setSeed(11);
        graph.paramTable().forEach((name, param) -> {
            if (name.endsWith("_b") || name.endsWith("_" + ClassBiasParameters.KEY)) {
                param.assign(Nd4j.rand(DataType.DOUBLE, param.shape()).subi(0.5));
            }
        });
        INDArray logits = graph.getLayer(ModelGraph.LOGITS).getParam("W");
        logits.assign(Nd4j.randn(DataType.DOUBLE, logits.shape()).muli(0.3));
    }

    private static Report compare(ComputationGraph graph, MultiDataSet images, Predicate<String> arrays) {
        graph.setInputs(images.getFeatures());
        graph.setLabels(images.getLabels());
        graph.computeGradientAndScore();
        Gradient gradient = graph.gradient();
        // the updater (a no-op here) divides the layers' summed gradient by the minibatch size, as in training,
        // to match the score, a mean over the minibatch
        new ComputationGraphUpdater(graph).update(gradient, 0, 0, graph.batchSize(), LayerWorkspaceMgr.noWorkspaces());
        // copies: both flat arrays are views that the passes below overwrite
        INDArray analytic = gradient.gradient().dup();
        INDArray params = graph.params();
        Map<String, Integer> checked = new LinkedHashMap<>();
        Map<String, Integer> failed = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        long start = 0;
        // the parameter table is in the order of the flat parameter and gradient vectors
        for (Map.Entry<String, INDArray> array : graph.paramTable().entrySet()) {
            String name = array.getKey();
            long length = array.getValue().length();
            if (!arrays.test(name)) {
                start += length;
                continue;
            }
            long[] elements = sample(length, name);
            int bad = 0;
            for (long element : elements) {
                long i = start + element;
                double original = params.getDouble(i);
                params.putScalar(i, original + EPSILON);
                double plus = graph.score(images, true);
                params.putScalar(i, original - EPSILON);
                double minus = graph.score(images, true);
                params.putScalar(i, original);
                double numeric = (plus - minus) / (2 * EPSILON);
                double backprop = analytic.getDouble(i);
                double absolute = Math.abs(backprop - numeric);
                double relative = absolute == 0 ? 0 : absolute / (Math.abs(numeric) + Math.abs(backprop));
                if (!(relative <= MAX_RELATIVE_ERROR || absolute < MIN_ABSOLUTE_ERROR)) {
                    bad++;
                    if (failures.size() < 10) {
                        failures.add(name + "[" + element + "]: backprop " + backprop + ", finite differences "
                                + numeric + ", relative error " + relative);
                    }
                }
            }
            checked.put(name, elements.length);
            if (bad > 0) {
                failed.put(name, bad);
            }
            start += length;
        }
        return new Report(checked, failed, failures);
    }

    /** Every index of a small array; {@link #FULL_ARRAY} distinct ones of a larger, seeded by the array's name. */
    static long[] sample(long length, String name) {
        if (length <= FULL_ARRAY) {
            long[] all = new long[(int) length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        return new Random(name.hashCode()).longs(0, length).distinct().limit(FULL_ARRAY).sorted().toArray();
    }

    /** What the check builds its model with: no updates, double precision, a fixed seed. */
    public record Setup(IUpdater updater, DataType dataType, long seed) {
    }

    /**
     * Per parameter array (DL4J's names, {@code layer_W} / {@code layer_b}): how many elements were checked,
     * how many of them failed, and the first few failures in words.
     */
    public record Report(Map<String, Integer> checked, Map<String, Integer> failed, List<String> failures) {

        public boolean passed() {
            return failed.isEmpty();
        }

        @Override
        public String toString() {
            return "failed " + failed + " of checked " + checked + (failures.isEmpty() ? "" : "; " + failures);
        }
    }
}
