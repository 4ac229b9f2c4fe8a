package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class BatchesTest {

    private static final ImageShape SHAPE = new ImageShape(2, 2, 3);

    @Test
    void batchesHoldEveryImageOnceAsUnsignedBytes() {
        List<byte[]> images = images(10);
        List<DataSet> batches = new ArrayList<>();
        Batches.of(images.iterator(), SHAPE, 4).forEachRemaining(batches::add);
        assertEquals(List.of(4, 4, 2), batches.stream().map(DataSet::numExamples).toList());
        DataSet first = batches.get(0);
        assertEquals(DataType.UINT8, first.getFeatures().dataType());
        assertSame(first.getFeatures(), first.getLabels()); // the image is its own label: stored once
        assertArrayEquals(new long[]{4, 2, 2, 3}, first.getFeatures().shape());
        assertEquals(255, first.getFeatures().getInt(3, 1, 1, 2)); // no sign trouble at the top of the range
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(images.get(i), Batches.image(batches.get(i / 4).getFeatures(), i % 4));
        }
    }

    @Test
    void shuffleIsSeeded() {
        Iterator<DataSet> a = Batches.shuffled(images(20), SHAPE, 20, 7);
        Iterator<DataSet> b = Batches.shuffled(images(20), SHAPE, 20, 7);
        Iterator<DataSet> c = Batches.shuffled(images(20), SHAPE, 20, 8);
        DataSet first = a.next();
        assertEquals(first.getFeatures(), b.next().getFeatures());
        assertNotEquals(first.getFeatures(), c.next().getFeatures());
    }

    @Test
    void labelledBatchesCarryTheClassesOneHotAsASecondInputAndTheImagesAsLabels() {
        List<byte[]> images = images(7);
        int[] classes = {2, 0, 1, 2, 2, 0, 1};
        List<LabelledImage> labelled = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            labelled.add(new LabelledImage(images.get(i), classes[i]));
        }
        List<MultiDataSet> batches = new ArrayList<>();
        Batches.labelled(labelled.iterator(), SHAPE, 3, 4).forEachRemaining(batches::add);
        assertEquals(List.of(4L, 3L), batches.stream().map(batch -> batch.getFeatures(0).size(0)).toList());
        for (int i = 0; i < images.size(); i++) {
            MultiDataSet batch = batches.get(i / 4);
            assertEquals(2, batch.getFeatures().length, "pixels and classes");
            assertSame(batch.getFeatures(0), batch.getLabels(0)); // the image is its own label, as unconditioned
            assertArrayEquals(images.get(i), Batches.image(batch.getFeatures(0), i % 4));
            INDArray oneHot = batch.getFeatures(1);
            assertArrayEquals(new long[]{batch.getFeatures(0).size(0), 3}, oneHot.shape());
            for (int k = 0; k < 3; k++) {
                assertEquals(k == classes[i] ? 1f : 0f, oneHot.getFloat(i % 4, k), "image " + i + ", class " + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Batches.oneHot(List.of(3), 3));
    }

    /** Image i has value (i * 12 + k) mod 256 at sub-pixel k; the last sub-pixel of image 3 is 255. */
    private static List<byte[]> images(int count) {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] image = new byte[SHAPE.dims()];
            for (int k = 0; k < image.length; k++) {
                image[k] = (byte) (i * 12 + k + (i == 3 ? 208 : 0));
            }
            images.add(image);
        }
        return images;
    }
}
