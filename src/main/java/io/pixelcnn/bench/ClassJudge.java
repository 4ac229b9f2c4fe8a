package io.pixelcnn.bench;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * An image classifier trained apart from the generative model, to judge which class a generated image shows:
 * a small stock CNN (conv 5x5 x16, max-pool, conv 5x5 x32, max-pool, dense 64, softmax), trained with Adam on
 * labelled images. Independent on purpose: a judge that shared the model's weights or likelihood would agree
 * with the model's own mistakes. Pixels are scaled as the model's entrance scales them (0..255 to [0, 1]).
 */
final class ClassJudge {

    /** The model's entrance divides by this too ({@link io.pixelcnn.model.PixelScaling}). */
    private static final float MAX_LEVEL = 255f;
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;

    private final MultiLayerNetwork network;
    private final ImageShape shape;

    private ClassJudge(MultiLayerNetwork network, ImageShape shape) {
        this.network = network;
        this.shape = shape;
    }

    /**
     * Trains a judge of {@code classes} classes on {@code images} (class indices as the model numbers them) for
     * {@code epochs} passes, shuffled by {@code seed}; {@code progress} gets a line every
     * {@link #PROGRESS_SECONDS} within an epoch (an epoch of 60,000 images takes minutes on one thread) and one
     * at its end.
     */
    /** Seconds between the progress lines within an epoch. */
    private static final long PROGRESS_SECONDS = 30;

    static ClassJudge train(List<LabelledImage> images, ImageShape shape, int classes, int epochs, long seed,
                            Consumer<String> progress) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(shape, classes, seed));
        network.init();
        ClassJudge judge = new ClassJudge(network, shape);
        List<LabelledImage> order = new ArrayList<>(images);
        Random shuffle = new Random(seed);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            long lastLine = start;
            Collections.shuffle(order, shuffle);
            for (int first = 0; first < order.size(); first += BATCH) {
                List<LabelledImage> batch = order.subList(first, Math.min(order.size(), first + BATCH));
                network.fit(judge.features(batch.stream().map(LabelledImage::pixels).toList()),
                        oneHot(batch, classes));
                long now = System.nanoTime();
                if (now - lastLine >= PROGRESS_SECONDS * 1_000_000_000L && first + BATCH < order.size()) {
                    lastLine = now;
                    double seconds = (now - start) / 1e9;
                    int done = first + batch.size();
                    progress.accept(String.format(Locale.ROOT, "judge epoch %d of %d: %d/%d images in %.0f s, ETA %.0f s",
                            epoch, epochs, done, order.size(), seconds, seconds * (order.size() - done) / done));
                }
            }
            progress.accept(String.format(Locale.ROOT, "judge epoch %d of %d: %d images in %.1f s, loss %.4f",
                    epoch, epochs, order.size(), (System.nanoTime() - start) / 1e9, network.score()));
        }
        return judge;
    }

    /** The class the judge assigns each image (raw pixels CHW, as the sampler makes them). */
    int[] classify(List<byte[]> images) {
        int[] judged = new int[images.size()];
        for (int first = 0; first < images.size(); first += BATCH) {
            List<byte[]> batch = images.subList(first, Math.min(images.size(), first + BATCH));
            INDArray best = network.output(features(batch)).argMax(1);
            for (int i = 0; i < batch.size(); i++) {
                judged[first + i] = best.getInt(i);
            }
        }
        return judged;
    }

    /** The judge on labelled images, each offered as its own class: its accuracy and recall. */
    ClassAgreement score(List<LabelledImage> images, List<String> classes) {
        int[] labels = images.stream().mapToInt(LabelledImage::label).toArray();
        return ClassAgreement.of(classes, labels, classify(images.stream().map(LabelledImage::pixels).toList()));
    }

    private INDArray features(List<byte[]> images) {
        int dims = shape.dims();
        float[] scaled = new float[images.size() * dims];
        for (int i = 0; i < images.size(); i++) {
            byte[] pixels = images.get(i);
            for (int d = 0; d < dims; d++) {
                scaled[i * dims + d] = (pixels[d] & 0xff) / MAX_LEVEL;
            }
        }
        return Nd4j.create(scaled, new long[]{images.size(), shape.channels(), shape.height(), shape.width()}, 'c');
    }

    private static INDArray oneHot(List<LabelledImage> batch, int classes) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch.size(), classes);
        for (int i = 0; i < batch.size(); i++) {
            labels.putScalar(i, batch.get(i).label(), 1f);
        }
        return labels;
    }

    /** 'Same' convolutions, so any image size works (14 x 14 in tests, 28 x 28 for Fashion-MNIST). */
    private static MultiLayerConfiguration configuration(ImageShape shape, int classes, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(LEARNING_RATE))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(shape.height(), shape.width(), shape.channels()))
                .build();
    }
}
