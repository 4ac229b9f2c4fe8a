package io.pixelcnn.data;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a partition's images into DL4J minibatches. A batch holds the pixels once, as unsigned bytes
 * {@code [N, C, H, W]}, used both as the input and as the labels: the model predicts the image itself.
 */
public final class Batches {

    private Batches() {
    }

    /** Minibatches of up to {@code batchSize} images, in the given order. */
    public static Iterator<DataSet> of(Iterator<byte[]> images, ImageShape shape, int batchSize) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return images.hasNext();
            }

            @Override
            public DataSet next() {
                if (!images.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<byte[]> batch = new ArrayList<>(batchSize);
                while (images.hasNext() && batch.size() < batchSize) {
                    batch.add(images.next());
                }
                INDArray pixels = pixels(batch, shape);
                return new DataSet(pixels, pixels);
            }
        };
    }

    /** Like {@link #of}, after shuffling {@code images} in place with a seeded generator (reproducible epochs). */
    public static Iterator<DataSet> shuffled(List<byte[]> images, ImageShape shape, int batchSize, long seed) {
        Collections.shuffle(images, new Random(seed));
        return of(images.iterator(), shape, batchSize);
    }

    /** Images as one unsigned-byte array {@code [N, C, H, W]}. */
    public static INDArray pixels(List<byte[]> images, ImageShape shape) {
        int dims = shape.dims();
        INDArray array = Nd4j.create(DataType.UINT8, images.size(), shape.channels(), shape.height(), shape.width());
        ByteBuffer buffer = array.data().asNio();
        for (byte[] image : images) {
            if (image.length != dims) {
                throw new IllegalArgumentException("image of " + image.length + " bytes, expected " + dims);
            }
            buffer.put(image);
        }
        return array;
    }

    /** One image back out of a {@code [N, C, H, W]} array of pixel values. */
    public static byte[] image(INDArray pixels, int index) {
        INDArray one = pixels.slice(index).castTo(DataType.INT32).dup('c');
        int[] values = one.data().asInt();
        byte[] image = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            image[i] = (byte) values[i];
        }
        return image;
    }
}
