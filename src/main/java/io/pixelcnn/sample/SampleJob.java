package io.pixelcnn.sample;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Generates images on the executors. The images are cut into blocks of {@code batch} consecutive indices,
 * and a block is always generated as one batch wherever it runs: the arithmetic of a batch, and so every
 * image, is then the same whatever the number of partitions or executors, and with
 * {@link ImageSeeds one random stream per image} the same seed gives byte-identical images. Each partition
 * restores the broadcast model once and generates its blocks with {@link Samplers#forModel}.
 *
 * <p>{@link SampleWriter} writes them in full or not at all.
 */
public final class SampleJob {

    /**
     * What to generate: images 0..count-1 of {@code seed}'s sequence, in blocks of {@code batch}, image i in
     * class {@code classes.of(i)} ({@link ImageClasses#NONE} for an unconditional model).
     * {@code replace}: an existing {@code outDir} is replaced once the new one is complete.
     */
    public record Request(long count, int batch, long seed, int partitions, SampleFormat format, String outDir,
            boolean replace, ImageClasses classes) {
    }

    private SampleJob() {
    }

    /** Blocks {first index, size} of {@code batch} consecutive images, the last one shorter. */
    static List<long[]> blocks(long count, int batch) {
        List<long[]> blocks = new ArrayList<>();
        for (long first = 0; first < count; first += batch) {
            blocks.add(new long[]{first, Math.min(batch, count - first)});
        }
        return blocks;
    }

    /** Partitions when none are asked for: a few per core, so progress moves and a lost executor costs little. */
    public static int defaultPartitions(long count, int batch, int cores) {
        return (int) Math.max(1, Math.min(blocks(count, batch).size(), 4L * Math.max(1, cores)));
    }

    public static void run(JavaSparkContext sc, ComputationGraph model, ImageShape shape, Request request,
                           Configuration hadoop, JobProgress progress) throws IOException, InterruptedException {
        JavaRDD<GeneratedImage> images = generate(sc, model, shape, request, progress.counter());
        sc.setJobDescription(String.format(Locale.ROOT, "sample: %d images to %s", request.count(), request.outDir()));
        SampleWriter.write(images, request.format(), new Path(request.outDir()), request.replace(), hadoop,
                request.classes().isNone() ? null : new SampleWriter.Manifest(request.count(), request.classes()));
        progress.finish();
    }

    private static JavaRDD<GeneratedImage> generate(JavaSparkContext sc, ComputationGraph model, ImageShape shape,
                                                   Request request, LongAccumulator generated) {
        return generate(sc, model, shape, request.count(), request.batch(), request.seed(), request.partitions(),
                request.classes(), generated);
    }

    /** As {@link #generate(JavaSparkContext, ComputationGraph, ImageShape, long, int, long, int, ImageClasses,
     * LongAccumulator)} for an unconditional model. */
    public static JavaRDD<GeneratedImage> generate(JavaSparkContext sc, ComputationGraph model, ImageShape shape,
                                                   long count, int batch, long seed, int partitions,
                                                   LongAccumulator generated) {
        return generate(sc, model, shape, count, batch, seed, partitions, ImageClasses.NONE, generated);
    }

    /**
     * Images 0..count-1 of {@code seed}'s sequence as PNGs, made lazily on the executors in blocks of
     * {@code batch}: the same images {@link #run} writes for the same seed and batch, however many partitions.
     * Image i is drawn in class {@code classes.of(i)}, which travels to the executors with the task (the
     * model's one-hot second input is made there, per batch).
     */
    public static JavaRDD<GeneratedImage> generate(JavaSparkContext sc, ComputationGraph model, ImageShape shape,
                                                   long count, int batch, long seed, int partitions,
                                                   ImageClasses classes, LongAccumulator generated) {
        Broadcast<byte[]> bytes = sc.broadcast(ModelBytes.of(model, false));
        return sc.parallelize(blocks(count, batch), partitions).mapPartitions(blocks -> {
            if (!blocks.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            ImageGenerator generator = Samplers.forModel(ModelBytes.restore(bytes.value(), false), shape, batch);
            return new BlockImages(blocks, generator, shape, seed, classes, generated);
        });
    }

    /** The images of a partition's blocks, a block generated only when the previous one has been consumed. */
    private static final class BlockImages implements Iterator<GeneratedImage> {
        private final Iterator<long[]> blocks;
        private final ImageGenerator generator;
        private final ImageShape shape;
        private final long seed;
        private final ImageClasses classes;
        private final LongAccumulator generated;
        private List<byte[]> block = List.of();
        private long first;
        private int next;

        BlockImages(Iterator<long[]> blocks, ImageGenerator generator, ImageShape shape, long seed,
                    ImageClasses classes, LongAccumulator generated) {
            this.blocks = blocks;
            this.generator = generator;
            this.shape = shape;
            this.seed = seed;
            this.classes = classes;
            this.generated = generated;
        }

        @Override
        public boolean hasNext() {
            return next < block.size() || blocks.hasNext();
        }

        @Override
        public GeneratedImage next() {
            if (next == block.size()) {
                long[] range = blocks.next();
                first = range[0];
                block = generator.sample(first, (int) range[1], seed, classes);
                next = 0;
                generated.add(block.size());
            }
            long index = first + next;
            try {
                return new GeneratedImage(index, ImageSeeds.of(seed, index), ImageGrid.png(block.get(next++), shape),
                        classes.nameOf(index));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
