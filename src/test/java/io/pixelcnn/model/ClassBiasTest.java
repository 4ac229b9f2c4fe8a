package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.GradientCheck;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Class-conditional models: a learned per-class bias ({@link ClassBias}) in every layer of every family. Its
 * backward pass against finite differences (and a planted fault the check catches), the class changing the
 * output and nothing else, causality, the parameters it adds, saving and loading, and training reaching V.
 */
class ClassBiasTest {

    private static final int CLASSES = 3;

    static Stream<Arguments> familiesInGreyAndColour() {
        return Stream.of(ModelFamily.values()).flatMap(family -> Stream.of(Arguments.of(family, 1),
                Arguments.of(family, 3)));
    }

    private static ModelConfig conditional(ModelFamily family) {
        return new ModelConfig(family, 3, 2, 3, 3).conditionedOn(CLASSES);
    }

    @ParameterizedTest(name = "{0} in {1} channel(s)")
    @MethodSource("familiesInGreyAndColour")
    void gradientsMatchFiniteDifferences(ModelFamily family, int channels) {
        ImageShape shape = new ImageShape(channels, family == ModelFamily.DIAGONAL_BILSTM ? 3 : 4, 4);
        ModelConfig config = new ModelConfig(family, 2, 1, 3, 3).conditionedOn(CLASSES);
        GradientCheck.Report report = GradientCheck.run(s -> ModelBuilder.configuration(config, shape, s.updater(),
                s.dataType(), s.seed()), shape, graph -> { }, ClassBiasTest::classRowsOrBottomLayer);
        assertTrue(report.passed(), report.toString());
        assertTrue(report.checked().keySet().stream().anyMatch(name -> !isClassRows(name)),
                "the check covered a layer below the class biases");
        assertFalse(classRows(report.checked().keySet()).isEmpty(), "the check covered the class biases");
    }

    @Test
    void aClassBiasGradientNotSummedOverTheWidthFailsTheCheckInItsArraysAlone() {
        ImageShape shape = new ImageShape(1, 4, 4);
        ModelConfig config = new ModelConfig(ModelFamily.PIXELCNN, 2, 1, 3, 3).conditionedOn(CLASSES);
        GradientCheck.Report report = GradientCheck.run(s -> FirstColumnOnly.plant(ModelBuilder.configuration(config,
                shape, s.updater(), s.dataType(), s.seed())), shape, graph -> { }, ClassBiasTest::classRowsOrBottomLayer);
        assertEquals(classRows(report.checked().keySet()), report.failed().keySet(), report.toString());
    }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void theOutputChangesWithTheClassAndWithNothingElse(ModelFamily family) {
        ComputationGraph model = randomised(ModelBuilder.build(conditional(family), new ImageShape(1, 5, 4), 1e-3, 3));
        INDArray image = Causality.randomImage(1, 5, 4, 1);
        INDArray twice = Nd4j.concat(0, image, image);
        float[][] differentClasses = perImage(model.output(false, twice, oneHot(0, 1))[0]);
        float[][] sameClass = perImage(model.output(false, twice, oneHot(0, 0))[0]);
        assertTrue(maxDifference(differentClasses[0], differentClasses[1]) > 1e-3,
                "classes 0 and 1 give the same distributions");
        assertArrayEquals(sameClass[0], sameClass[1], "the same image and class gave different distributions");
        assertArrayEquals(differentClasses[0], sameClass[0], "an image's output moved with another image's class");
    }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void aConditionalModelHasTheUnconditionalParametersPlusOneMatrixPerBias(ModelFamily family) {
        ImageShape shape = new ImageShape(3, 4, 4);
        ComputationGraph plain = ModelBuilder.build(conditional(family).conditionedOn(0), shape, 1e-3, 5);
        ComputationGraph conditional = ModelBuilder.build(conditional(family), shape, 1e-3, 5);
        Map<String, long[]> plainShapes = shapes(plain);
        Map<String, long[]> conditionalShapes = shapes(conditional);
        Set<String> rows = classRows(conditionalShapes.keySet());
        long added = 0;
        for (String name : rows) {
            long[] shapeOfV = conditionalShapes.remove(name);
            assertEquals(CLASSES, shapeOfV[0], name);
            added += shapeOfV[0] * shapeOfV[1];
        }
        assertEquals(plainShapes.keySet(), conditionalShapes.keySet());
        plainShapes.forEach((name, s) -> assertArrayEquals(s, conditionalShapes.get(name), name));
        assertEquals(plain.numParams() + added, conditional.numParams());
        int blocks = 2;
        int expected = switch (family) {
            case PIXELCNN -> 1 + 3 * blocks + 1;  // entrance, three per block, head
            case GATED_PIXELCNN -> 2 * (blocks + 1) + 1;  // two pre-gate maps per layer, head
            case ROW_LSTM, DIAGONAL_BILSTM -> 1 + blocks + 1;  // entrance, gates per layer, head
        };
        assertEquals(expected, rows.size(), rows.toString());
    }

    /** V starts at zero and draws nothing from the random stream, so every other weight is the unconditional one. */
    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void aNewConditionalModelIsTheUnconditionalModelOfTheSameSeedForEveryClass(ModelFamily family) {
        ImageShape shape = new ImageShape(3, 4, 4);
        ComputationGraph plain = Causality.randomLogits(ModelBuilder.build(conditional(family).conditionedOn(0), shape,
                1e-3, 5));
        ComputationGraph conditional = ModelBuilder.build(conditional(family), shape, 1e-3, 5);
        plain.paramTable().forEach((name, values) -> {
            if (!name.startsWith(ModelGraph.LOGITS + "_")) {
                assertArrayEquals(values.dup('c').data().asFloat(), conditional.getParam(name).dup('c').data().asFloat(),
                        name);
            }
        });
        // the logits, zero in both, random in the unconditional one: the same random weights in the other
        conditional.getParam(ModelGraph.LOGITS + "_W").assign(plain.getParam(ModelGraph.LOGITS + "_W"));
        INDArray image = Causality.randomImage(3, 4, 4, 2);
        float[] expected = plain.outputSingle(image).dup('c').data().asFloat();
        for (int y = 0; y < CLASSES; y++) {
            assertArrayEquals(expected, conditional.output(false, image, oneHot(y))[0].dup('c').data().asFloat(),
                    "class " + y);
        }
    }

    @ParameterizedTest(name = "{0} in {1} channel(s)")
    @MethodSource("familiesInGreyAndColour")
    void aConditionalModelIsCausalAtEverySubpixel(ModelFamily family, int channels) {
        // the model of the unconditional families' causality test, with small class rows: with rows of 0.5, the
        // Row LSTM's blue at the last pixel moved by under 1e-5 when its green changed (no leak: a path cut,
        // likely by ReLUs), which fails the check's other half, that every input reaches a later output
        ComputationGraph model = randomised(ModelBuilder.build(new ModelConfig(family, 6, 2, 3, 3).conditionedOn(CLASSES),
                new ImageShape(channels, 5, 6), 1e-3, 4), 0.1);
        Causality.assertCausal(model, Causality.randomImage(channels, 5, 6, 3), oneHot(2), 1);
    }

    @Test
    void aSavedConditionalModelLoadsWithItsClassBiases() {
        ComputationGraph model = randomised(ModelBuilder.build(conditional(ModelFamily.GATED_PIXELCNN),
                new ImageShape(1, 5, 4), 1e-3, 6));
        ComputationGraph loaded = ModelBytes.restore(ModelBytes.of(model, true), true);
        assertEquals(CLASSES, ModelGraph.classes(loaded.getConfiguration()));
        assertEquals(model.getConfiguration(), loaded.getConfiguration());
        assertEquals(model.params(), loaded.params());
        INDArray images = Nd4j.concat(0, Causality.randomImage(1, 5, 4, 1), Causality.randomImage(1, 5, 4, 2));
        assertEquals(model.output(false, images, oneHot(0, 2))[0], loaded.output(false, images, oneHot(0, 2))[0]);
    }

    @Test
    void trainingMovesTheClassRowsAtTheLearningRateTheNetworkIsGiven() {
        ComputationGraph model = ModelBuilder.build(conditional(ModelFamily.PIXELCNN), new ImageShape(1, 5, 4), 1e-2, 7);
        INDArray images = Nd4j.concat(0, Causality.randomImage(1, 5, 4, 1), Causality.randomImage(1, 5, 4, 2));
        MultiDataSet batch = new MultiDataSet(new INDArray[]{images, oneHot(0, 1)}, new INDArray[]{images});
        String entrance = ModelGraph.ENTRANCE + "-class_" + ClassBiasParameters.KEY;
        INDArray before = model.getParam(entrance).dup();
        // the schedule the trainer sets reaches V too: DL4J's setLearningRate walks the network's layers
        model.setLearningRate(0.0);
        model.fit(batch);
        assertEquals(before, model.getParam(entrance), "V moved at learning rate 0");
        model.setLearningRate(1e-2);
        model.fit(batch);
        INDArray after = model.getParam(entrance);
        assertTrue(after.getRow(0).sub(before.getRow(0)).norm2Number().doubleValue() > 0, "class 0's row moved");
        assertTrue(after.getRow(1).sub(before.getRow(1)).norm2Number().doubleValue() > 0, "class 1's row moved");
        assertEquals(before.getRow(2), after.getRow(2), "class 2, in no image, has no gradient");
    }

    /** Random class rows and logits weights: a new model's are zero, which would hide what the class does. */
    private static ComputationGraph randomised(ComputationGraph model) {
        return randomised(model, 0.5);
    }

    /** The same with class rows of standard deviation {@code scale}. */
    private static ComputationGraph randomised(ComputationGraph model, double scale) {
        Nd4j.getRandom().setSeed(13);
        model.paramTable().forEach((name, values) -> {
            if (isClassRows(name)) {
                values.assign(Nd4j.randn(values.dataType(), values.shape()).muli(scale));
            }
        });
        return Causality.randomLogits(model);
    }

    static INDArray oneHot(int... classes) {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, classes.length, CLASSES);
        for (int i = 0; i < classes.length; i++) {
            oneHot.putScalar(i, classes[i], 1.0);
        }
        return oneHot;
    }

    private static Set<String> classRows(Collection<String> names) {
        return names.stream().filter(ClassBiasTest::isClassRows).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean isClassRows(String name) {
        return name.endsWith("-class_" + ClassBiasParameters.KEY);
    }

    /**
     * What the gradient checks here cover: every class bias's V, and the layers that read the pixels, which
     * every gradient reaches only through all the biases above them (the pass-through of epsilon); the rest of
     * each family is checked unconditional in {@link FamilyGradientTest} and {@link PixelCnnGradientTest}.
     */
    private static boolean classRowsOrBottomLayer(String name) {
        return isClassRows(name) || name.startsWith(ModelGraph.ENTRANCE + "_") || name.startsWith("gated-1-vertical_")
                || name.startsWith("gated-1-horizontal_");
    }

    private static Map<String, long[]> shapes(ComputationGraph model) {
        Map<String, long[]> shapes = new TreeMap<>();
        model.paramTable().forEach((name, values) -> shapes.put(name, values.shape()));
        return shapes;
    }

    private static float[][] perImage(INDArray output) {
        long n = output.size(0);
        float[][] rows = new float[(int) n][];
        for (int i = 0; i < n; i++) {
            rows[i] = output.get(NDArrayIndex.point(i)).dup('c').data().asFloat();
        }
        return rows;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** A planted fault: dV from the first column of each row only, not summed over the width. */
    static final class FirstColumnOnly extends ClassBiasConfiguration {

        static ComputationGraphConfiguration plant(ComputationGraphConfiguration configuration) {
            configuration.getVertices().values().forEach(vertex -> {
                if (vertex instanceof ClassBias bias) {
                    ClassBiasConfiguration layer = bias.layer();
                    FirstColumnOnly faulty = new FirstColumnOnly();
                    faulty.setLayerName(layer.getLayerName());
                    faulty.setNIn(layer.getNIn());
                    faulty.setNOut(layer.getNOut());
                    faulty.setIUpdater(layer.getIUpdater());
                    bias.getLayerConf().setLayer(faulty);
                }
            });
            return configuration;
        }

        @Override
        public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                                 INDArray paramsView, boolean initializeParams, DataType networkDataType) {
            Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
            return Layers.wire(new Faulty(conf, networkDataType), conf, listeners, layerIndex, paramsView, params);
        }

        private static final class Faulty extends ClassBiasLayer {
            private INDArray oneHot;

            Faulty(NeuralNetConfiguration conf, DataType dataType) {
                super(conf, dataType);
            }

            @Override
            public void setClasses(INDArray oneHot) {
                super.setClasses(oneHot);
                this.oneHot = oneHot;
            }

            @Override
            public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
                Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
                INDArray firstColumn = epsilon.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0),
                        NDArrayIndex.all()).sum(1);
                result.getFirst().getGradientFor(ClassBiasParameters.KEY)
                        .assign(oneHot.castTo(epsilon.dataType()).transpose().mmul(firstColumn));
                return result;
            }
        }
    }
}
