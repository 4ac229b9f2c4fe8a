package io.pixelcnn.model;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * Configuration shared by the LSTM layers that run over an image (Row LSTM, Diagonal BiLSTM): channels-last
 * input {@code [N, H, W, nIn]}, the input-to-state pre-activations a masked convolution computed for every
 * position; output {@code [N, H, W, nOut]}, the hidden states. Its one parameter is the state-to-state
 * weights ({@link StateWeights}). Extends DL4J's feed-forward configuration for the updater, weight
 * initialisation and regularisation settings the network passes down to every layer.
 */
public abstract class ImageLstm extends FeedForwardLayer implements Reach.Spatial {

    /** The shape of the state-to-state weights. */
    public abstract long[] weightShape();

    /** Inputs feeding one unit of the state-to-state convolution, for weight initialisation. */
    public abstract double fanIn();

    public double fanOut() {
        return weightShape()[0];
    }

    /** The hidden units per direction. */
    public int hidden() {
        return (int) getNOut();
    }

    /** A recurrent state carries everything computed before it: the layer may read any earlier row. */
    @Override
    public Reach reach() {
        return Reach.UNBOUNDED;
    }

    @Override
    public ParamInitializer initializer() {
        return StateWeights.instance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional conv = convolutional(inputType);
        return InputType.convolutional(conv.getHeight(), conv.getWidth(), getNOut(), CNN2DFormat.NHWC);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = convolutional(inputType).getChannels();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, getOutputType(0, inputType))
                .standardMemory(StateWeights.instance().numParams(this), 0)
                .workingMemory(0, 0, 0, 4 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    private InputType.InputTypeConvolutional convolutional(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional conv)) {
            throw new IllegalStateException(getClass().getSimpleName() + " '" + getLayerName()
                    + "' expects convolutional input, got " + inputType);
        }
        return conv;
    }
}
