package io.pixelcnn.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Splits {@code count} items into contiguous ranges whose sizes differ by at most one. */
public final class Shards {

    /** Items {@code [start, end)}. */
    public record Range(long start, long end) implements Serializable {
        public long size() {
            return end - start;
        }
    }

    private Shards() {
    }

    public static List<Range> balanced(long count, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("need at least one shard, got " + shards);
        }
        List<Range> ranges = new ArrayList<>(shards);
        long base = count / shards;
        long remainder = count % shards;
        long start = 0;
        for (int i = 0; i < shards; i++) {
            long size = base + (i < remainder ? 1 : 0);
            ranges.add(new Range(start, start + size));
            start += size;
        }
        return ranges;
    }
}
