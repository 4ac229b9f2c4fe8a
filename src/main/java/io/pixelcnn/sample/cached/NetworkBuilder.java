package io.pixelcnn.sample.cached;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ClassBias;
import io.pixelcnn.model.ClassBiasParameters;
import io.pixelcnn.model.MaskType;
import io.pixelcnn.model.MaskedConvolution;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.PixelScaling;
import io.pixelcnn.model.PixelLikelihood;
import io.pixelcnn.model.PixelOutput;
import io.pixelcnn.model.Relu;
import io.pixelcnn.model.StateWeights;
import io.pixelcnn.model.diagonal.DiagonalBiLstm;
import io.pixelcnn.model.gated.GatedActivation;
import io.pixelcnn.model.gated.ShiftDown;
import io.pixelcnn.model.rowlstm.RowLstm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Reads a model's graph vertex by vertex in topological order and plans its incremental form: what each
 * vertex reads (so each storage keeps just enough rows), which vertices wait for a finished row, and then
 * the steps. Knows every layer of {@code io.pixelcnn.model}; anything else is an
 * {@link UnsupportedModelException}.
 */
final class NetworkBuilder {

    /** Pixels enter the network scaled to [0, 1], as {@link PixelScaling} does (in float). */
    static final float MAX_LEVEL = 255f;

    private final ComputationGraph model;
    private final ComputationGraphConfiguration configuration;
    private final ImageShape shape;
    private final int batch;
    private final Storage pixels;
    private final Map<String, Source> sources = new HashMap<>();
    private final List<Storage> storages = new ArrayList<>();
    private final List<CachedNetwork.StepFactory> factories = new ArrayList<>();
    private final List<ClassRows> classRows = new ArrayList<>();
    private Source logits;
    private PixelLikelihood likelihood;

    NetworkBuilder(ComputationGraph model, ImageShape shape, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batch);
        }
        this.model = model;
        this.configuration = model.getConfiguration();
        this.shape = shape;
        this.batch = batch;
        this.pixels = new Storage(shape.channels(), false);
        pixels.keepRows();
    }

    CachedNetwork build() {
        List<String> inputs = configuration.getNetworkInputs();
        boolean conditional = inputs.size() == 2 && inputs.get(1).equals(ModelGraph.CLASS);
        if (inputs.size() != 1 && !conditional || configuration.getNetworkOutputs().size() != 1) {
            throw new UnsupportedModelException("the cached sampler takes the pixels (and a class) in and one output");
        }
        sources.put(inputs.get(0), new Source(pixels, 0));
        for (int index : model.topologicalSortOrder()) {
            String name = model.getVertices()[index].getVertexName();
            // the class input is no storage: each class bias reads it once per batch (CachedNetwork.setClasses)
            if (!sources.containsKey(name) && !inputs.contains(name)) {
                plan(name, configuration.getVertices().get(name));
            }
        }
        if (logits == null) {
            throw new UnsupportedModelException("the model does not end in a PixelOutput layer");
        }
        RowActivations pixelValues = (RowActivations) pixels.allocate(batch, shape.width());
        List<Activations> activations = new ArrayList<>();
        for (Storage storage : storages) {
            activations.add(storage.allocate(batch, shape.width()));
        }
        return new CachedNetwork(batch, shape, pixelValues, activations, CachedNetwork.create(factories), logits,
                likelihood, classRows);
    }

    private void plan(String name, GraphVertex vertex) {
        List<Source> inputs = new ArrayList<>();
        for (String input : configuration.getVertexInputs().get(name)) {
            inputs.add(sources.get(input));
        }
        if (vertex instanceof ElementWiseVertex sum) {
            planSum(name, sum, inputs);
        } else if (vertex instanceof ClassBias bias) {
            planClassBias(name, bias, inputs.get(0));
        } else if (vertex instanceof LayerVertex layerVertex) {
            planLayer(name, layerVertex, inputs);
        } else {
            throw unsupported(name, vertex.getClass().getSimpleName());
        }
    }

    private void planSum(String name, ElementWiseVertex sum, List<Source> inputs) {
        if (sum.getOp() != ElementWiseVertex.Op.Add || inputs.size() != 2) {
            throw unsupported(name, "element-wise " + sum.getOp() + " of " + inputs.size() + " inputs");
        }
        Source first = inputs.get(0);
        Source second = inputs.get(1);
        boolean delayed = first.delayed() || second.delayed();
        first.readBy(0, 0, 0, delayed);
        second.readBy(0, 0, 0, delayed);
        Storage output = output(name, first.channels(), delayed);
        int width = shape.width();
        factories.add(() -> PointwiseSteps.sum(first, second, output, delayed, width));
    }

    /** The feature map plus the image's row of V (and its ReLU): pointwise, the row picked once per batch. */
    private void planClassBias(String name, ClassBias bias, Source input) {
        boolean delayed = input.delayed();
        input.readBy(0, 0, 0, delayed);
        Storage output = output(name, input.channels(), delayed);
        ClassRows rows = new ClassRows(model.getLayer(name).getParam(ClassBiasParameters.KEY), batch);
        classRows.add(rows);
        int width = shape.width();
        boolean relu = bias.layer().isRelu();
        factories.add(() -> PointwiseSteps.classBias(input, rows, relu, output, delayed, width));
    }

    private void planLayer(String name, LayerVertex vertex, List<Source> inputs) {
        Layer layer = vertex.getLayerConf().getLayer();
        Source input = inputs.get(0);
        if (vertex.getPreProcessor() != null && !(vertex.getPreProcessor() instanceof PixelScaling
                && input.storage() == pixels)) {
            throw unsupported(name, "preprocessor " + vertex.getPreProcessor().getClass().getSimpleName());
        }
        int width = shape.width();
        if (layer instanceof MaskedConvolution conv) {
            if (!ConvolutionStep.supports(conv)) {
                throw unsupported(name, "activation " + conv.getActivationFn());
            }
            int[] kernel = conv.getKernelSize();
            // the vertical mask reads its whole centre row: only correct once that row is finished
            boolean delayed = input.delayed()
                    || conv.getMaskType() == MaskType.VERTICAL && (kernel[0] > 1 || kernel[1] > 1);
            ConvolutionStep.plan(input, conv, delayed);
            Storage output = output(name, (int) conv.getNOut(), delayed);
            org.deeplearning4j.nn.api.Layer running = model.getLayer(name);
            factories.add(() -> new ConvolutionStep(input, output, conv, ConvolutionStep.weights(conv,
                    ConvolutionStep.kernelWeights(running), ConvolutionStep.bias(running)), batch, width, delayed));
        } else if (layer instanceof Relu) {
            boolean delayed = input.delayed();
            input.readBy(0, 0, 0, delayed);
            Storage output = output(name, input.channels(), delayed);
            factories.add(() -> PointwiseSteps.relu(input, output, delayed, width));
        } else if (layer instanceof GatedActivation) {
            boolean delayed = input.delayed();
            input.readBy(0, 0, 0, delayed);
            Storage output = output(name, input.channels() / 2, delayed);
            factories.add(() -> PointwiseSteps.gate(input, output, batch, delayed, width));
        } else if (layer instanceof ShiftDown) {
            // nothing to compute: readers look one row higher in the input's storage
            sources.put(name, input.shiftedDown());
        } else if (layer instanceof RowLstm lstm) {
            requireNotDelayed(name, input);
            input.readBy(0, 0, 0, false);
            Storage hidden = output(name, lstm.hidden(), false);
            Storage cells = new Storage(lstm.hidden(), false);
            storages.add(cells);
            RowLstmStep.plan(hidden, cells, lstm.getKernel());
            org.deeplearning4j.nn.api.Layer running = model.getLayer(name);
            factories.add(() -> new RowLstmStep(input, hidden, cells, running.getParam(StateWeights.KEY),
                    lstm.getKernel(), batch));
        } else if (layer instanceof DiagonalBiLstm lstm) {
            requireNotDelayed(name, input);
            Storage output = output(name, lstm.hidden(), false);
            DiagonalLstmStep.Direction leftToRight = direction(lstm.hidden(), false);
            DiagonalLstmStep.Direction rightToLeft = direction(lstm.hidden(), true);
            DiagonalLstmStep.plan(input, leftToRight, rightToLeft);
            org.deeplearning4j.nn.api.Layer running = model.getLayer(name);
            factories.add(() -> new DiagonalLstmStep(input, output, leftToRight, rightToLeft,
                    running.getParam(StateWeights.KEY), batch, width));
        } else if (layer instanceof PixelOutput output) {
            if (!configuration.getNetworkOutputs().contains(name) || output.getImageChannels() != shape.channels()) {
                throw unsupported(name, "output layer that is not the model's output");
            }
            requireNotDelayed(name, input);
            input.readBy(0, 0, 0, false);
            logits = input;
            likelihood = output.likelihood();
        } else {
            throw unsupported(name, layer.getClass().getSimpleName());
        }
    }

    private Storage output(String name, int channels, boolean delayed) {
        Storage storage = new Storage(channels, delayed);
        storages.add(storage);
        sources.put(name, new Source(storage, 0));
        return storage;
    }

    /** A recurrent direction's own storages, read by no other vertex. */
    private DiagonalLstmStep.Direction direction(int units, boolean delayed) {
        Storage hidden = new Storage(units, delayed);
        Storage cells = new Storage(units, delayed);
        storages.add(hidden);
        storages.add(cells);
        return new DiagonalLstmStep.Direction(hidden, cells);
    }

    private static void requireNotDelayed(String name, Source input) {
        if (input.delayed()) {
            throw unsupported(name, "reader of a vertex that sees its own row to the right");
        }
    }

    private static UnsupportedModelException unsupported(String name, String what) {
        return new UnsupportedModelException("vertex '" + name + "': no cached form for " + what);
    }
}
