package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardsTest {

    @ParameterizedTest
    @CsvSource({"60000,8", "10,3", "2,5", "0,4", "7,1"})
    void rangesAreContiguousCompleteAndBalanced(long count, int shards) {
        List<Shards.Range> ranges = Shards.balanced(count, shards);
        assertEquals(shards, ranges.size());
        long next = 0;
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (Shards.Range range : ranges) {
            assertEquals(next, range.start());
            next = range.end();
            smallest = Math.min(smallest, range.size());
            largest = Math.max(largest, range.size());
        }
        assertEquals(count, next);
        assertTrue(largest - smallest <= 1, "sizes " + smallest + ".." + largest);
    }
}
