package io.pixelcnn.sample;

import io.pixelcnn.cluster.RunningTasks;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.io.HadoopConf;
import io.pixelcnn.io.StorageFaults;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a sampling job's images to a directory in full or not at all. The tasks write into a hidden
 * folder beside the target ({@code .NAME.pixelcnn-UUID}); the driver renames it into place once the job
 * has succeeded and deletes it when the job failed, so the target never holds part of a run. A table
 * goes through Spark SQL, whose committer also keeps failed and repeated task attempts out of it.
 */
public final class SampleWriter {

    /** The table's columns. */
    public static final StructType TABLE = new StructType()
            .add("index", DataTypes.LongType, false)
            .add("seed", DataTypes.LongType, false)
            .add("png", DataTypes.BinaryType, false);
    /** A class-conditional model's table: also the name of the class each image was drawn in. */
    public static final StructType TABLE_WITH_CLASS = TABLE.add("class", DataTypes.StringType, false);
    /** Beside a conditional model's PNG files: each file's class, {@code FILE<TAB>CLASS} per line after a header. */
    public static final String CLASS_MANIFEST = "classes.tsv";

    /** The classes of images 0..count-1, for the manifest written beside the files. */
    public record Manifest(long count, ImageClasses classes) {
    }

    private SampleWriter() {
    }

    /**
     * Runs the job that makes {@code images} and writes them to {@code outDir}, which must not exist unless
     * {@code replace}: then it is replaced once the new images are all written. {@code manifest}: the images'
     * classes (null for an unconditional model), a {@code class} column of the table or the
     * {@link #CLASS_MANIFEST} beside the files, written inside the same all-or-nothing folder.
     */
    public static void write(JavaRDD<GeneratedImage> images, SampleFormat format, Path outDir, boolean replace,
            Configuration hadoop, Manifest manifest) throws IOException {
        try {
            AtomicFiles.writeDirectory(outDir, hadoop, replace, dir -> {
                if (format == SampleFormat.PARQUET) {
                    writeTable(images, dir, manifest != null);
                } else {
                    writeFiles(images, dir, hadoop);
                    if (manifest != null) {
                        writeManifest(manifest, new Path(dir, CLASS_MANIFEST), hadoop);
                    }
                }
            });
        } catch (RuntimeException e) {
            // a full or unreachable file system, told by an executor inside Spark's job failure: say it of DIR
            throw StorageFaults.of(outDir, e).<RuntimeException>map(UncheckedIOException::new).orElse(e);
        }
    }

    private static void writeTable(JavaRDD<GeneratedImage> images, Path dir, boolean withClass) {
        SparkSession spark = SparkSession.builder().sparkContext(images.context()).getOrCreate();
        JavaRDD<Row> rows = withClass
                ? images.map(image -> RowFactory.create(image.index(), image.seed(), image.png(), image.className()))
                : images.map(image -> RowFactory.create(image.index(), image.seed(), image.png()));
        // Spark SQL's tasks make the folders they write into: a failed job's tasks end before it is deleted
        RunningTasks.endingTogether(images.context(), () -> spark.createDataFrame(rows,
                withClass ? TABLE_WITH_CLASS : TABLE).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString()));
    }

    /** Written by the driver: an image's class is a function of its index, no need to collect the images. */
    private static void writeManifest(Manifest manifest, Path file, Configuration hadoop) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(file.getFileSystem(hadoop).create(file, false),
                StandardCharsets.UTF_8))) {
            out.write("file\tclass\n");
            for (long i = 0; i < manifest.count(); i++) {
                out.write(fileName(i) + "\t" + manifest.classes().nameOf(i) + "\n");
            }
        }
    }

    private static void writeFiles(JavaRDD<GeneratedImage> images, Path dir, Configuration hadoop) throws IOException {
        dir.getFileSystem(hadoop).mkdirs(dir);
        String folder = dir.toString();
        HadoopConf conf = new HadoopConf(hadoop);
        images.foreachPartition(partition -> {
            Path into = new Path(folder);
            FileSystem out = withoutChecksumFiles(into.getFileSystem(conf.get()));
            while (partition.hasNext()) {
                GeneratedImage image = partition.next();
                // a task Spark is killing (its job failed) stops here rather than writing on
                TaskContext.get().killTaskIfInterrupted();
                try (OutputStream file = create(out, new Path(into, fileName(image.index())))) {
                    file.write(image.png());
                }
            }
        });
    }

    /**
     * A retried task overwrites what the attempt before it wrote (the same bytes: an image is a function of
     * the seed and its index). Never creates the folder: once the driver has deleted it after a failed job,
     * a task still running cannot bring part of the output back.
     */
    private static OutputStream create(FileSystem fs, Path file) throws IOException {
        return fs.createNonRecursive(file, true, fs.getConf().getInt("io.file.buffer.size", 4096),
                fs.getDefaultReplication(file), fs.getDefaultBlockSize(file), null);
    }

    /**
     * The file system under a checksummed one: Hadoop's local file system would write a hidden
     * {@code .sample-0000042.png.crc} beside every image, and a folder of samples is for people and image
     * tools, which want the PNGs alone (a PNG carries a CRC of its own in every chunk).
     */
    private static FileSystem withoutChecksumFiles(FileSystem fs) {
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** sample-0000042.png: seven digits, so a listing sorts in index order up to ten million images. */
    public static String fileName(long index) {
        return String.format(Locale.ROOT, "sample-%07d.png", index);
    }
}
