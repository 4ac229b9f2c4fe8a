package io.pixelcnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget run's two stop rules, which its one training loop asks before every slice of the training set. */
class TrainingBudgetTest {

    /** The slices a loop like Probe's takes from slices of {@code sliceSize} images, each taking {@code sliceSeconds}. */
    private static List<Long> slices(TrainingBudget budget, long sliceSize, double sliceSeconds) {
        List<Long> taken = new ArrayList<>();
        double spent = 0;
        double last = 0;
        long images = 0;
        while (budget.another(spent, last, images)) {
            long size = Math.min(sliceSize, budget.nextAtMost(images));
            taken.add(size);
            images += size;
            spent += sliceSeconds;
            last = sliceSeconds;
        }
        return taken;
    }

    @Test
    void imagesTakesWholeSlicesThenCutsTheLastToWhatIsLeft() {
        assertEquals(List.of(3000L, 3000L, 1000L), slices(new TrainingBudget.Images(7000), 3000, 5));
        assertEquals(List.of(44L), slices(new TrainingBudget.Images(44), 3000, 5));
        assertEquals(List.of(3000L, 3000L), slices(new TrainingBudget.Images(6000), 3000, 5), "no empty slice at the end");
    }

    @Test
    void secondsTakesTheNextSliceOnlyWhileItWouldStillEndInTime() {
        // 10 s slices in 35 s: the fourth would end at 40 s
        assertEquals(List.of(3000L, 3000L, 3000L), slices(new TrainingBudget.Seconds(35), 3000, 10));
        // the first slice is always taken (nothing says how long it takes), and never cut
        assertEquals(List.of(3000L), slices(new TrainingBudget.Seconds(1), 3000, 10));
        assertTrue(new TrainingBudget.Seconds(30).another(20, 10, 0));
        assertFalse(new TrainingBudget.Seconds(30).another(20.5, 10, 0));
        assertEquals(Long.MAX_VALUE, new TrainingBudget.Seconds(30).nextAtMost(1_000_000));
    }
}
