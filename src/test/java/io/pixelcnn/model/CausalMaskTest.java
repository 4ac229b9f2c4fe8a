package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CausalMaskTest {

    @Test
    void maskAHidesTheCentreAndEverythingAfterIt() {
        float[] mask = CausalMask.weights(MaskType.A, 1, 1, 3, 3, 1);
        assertArrayEquals(new float[]{
                1, 1, 1,
                1, 0, 0,
                0, 0, 0}, mask);
    }

    @Test
    void maskBKeepsTheCentre() {
        float[] mask = CausalMask.weights(MaskType.B, 1, 1, 3, 3, 1);
        assertArrayEquals(new float[]{
                1, 1, 1,
                1, 1, 0,
                0, 0, 0}, mask);
    }

    @Test
    void colourGroupsSeeEarlierChannelsAtTheCentre() {
        // image RGB -> 3 output groups of one channel each; centre entry [out][in]
        float[] maskA = CausalMask.weights(MaskType.A, 3, 3, 1, 1, 3);
        assertArrayEquals(new float[]{
                0, 0, 0,   // R sees nothing of its own pixel
                1, 0, 0,   // G sees R
                1, 1, 0},  // B sees R and G
                maskA);
        float[] maskB = CausalMask.weights(MaskType.B, 3, 3, 1, 1, 3);
        assertArrayEquals(new float[]{
                1, 0, 0,
                1, 1, 0,
                1, 1, 1}, maskB);
    }

    @Test
    void groupsAreContiguousAndEven() {
        assertEquals(0, CausalMask.group(0, 6, 3));
        assertEquals(0, CausalMask.group(1, 6, 3));
        assertEquals(1, CausalMask.group(2, 6, 3));
        assertEquals(2, CausalMask.group(5, 6, 3));
        assertEquals(2, CausalMask.group(767, 768, 3));
    }

    @Test
    void onlyOneByOneMaskBOnGrayscaleIsTrivial() {
        assertTrue(CausalMask.isTrivial(MaskType.B, 1, 1, 1));
        assertFalse(CausalMask.isTrivial(MaskType.A, 1, 1, 1));
        assertFalse(CausalMask.isTrivial(MaskType.B, 3, 3, 1));
        assertFalse(CausalMask.isTrivial(MaskType.B, 1, 1, 3));
    }

    @Test
    void evenKernelsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CausalMask.weights(MaskType.B, 1, 1, 2, 2, 1));
    }
}
