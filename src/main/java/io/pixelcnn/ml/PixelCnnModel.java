package io.pixelcnn.ml;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageColumn;
import io.pixelcnn.data.ImagePreparer;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.GeneratedImage;
import io.pixelcnn.sample.SampleJob;
import io.pixelcnn.sample.SampleWriter;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained model as a Spark ML {@link Model}: {@code transform} adds each row's {@code bits_per_dim} and
 * {@code nll_nats}, computed on the executors as {@code score} computes them; {@link #sample} makes the
 * images {@code sample --out-dir} makes. Saved, its directory is also a run directory ({@code model.zip},
 * {@code config.properties}) that {@code evaluate}, {@code score} and {@code sample} take as {@code --model};
 * {@link #load} reads a run directory {@code train} wrote as well. A class-conditional model carries its
 * classes ({@code classes.txt}, saved and loaded with it) and scores each row given the class in its labelCol.
 */
public final class PixelCnnModel extends Model<PixelCnnModel> implements MLWritable {

    private static final long serialVersionUID = 1L;
    /** {@code sample}'s default {@code --sample-batch}: the images depend on it, so both front doors agree. */
    static final int DEFAULT_SAMPLE_BATCH = 256;

    private final String uid;
    /** Not serialized with the stage: executors get the model's bytes by broadcast. */
    private final transient ComputationGraph graph;
    private final JobConfig config;
    /** A class-conditional model's classes, in index order; null for an unconditional model. */
    private final ClassList classes;
    private final Param<String> inputCol;
    private final Param<String> labelCol;
    private final IntParam batchSize;
    private final IntParam sampleBatch;

    PixelCnnModel(String uid, ComputationGraph graph, JobConfig config, Optional<ClassList> classes) {
        this.uid = uid;
        this.graph = graph;
        this.config = config;
        this.classes = classes.orElse(null);
        inputCol = new Param<>(uid, "inputCol", ScoreColumns.INPUT_COL_DOC);
        labelCol = new Param<>(uid, "labelCol", ScoreColumns.LABEL_COL_DOC);
        batchSize = new IntParam(uid, "batchSize", "images per forward pass when scoring", ParamValidators.gtEq(1));
        sampleBatch = new IntParam(uid, "sampleBatch", "images generated together by sample (as sample's "
                + "--sample-batch: the same value gives the same images)", ParamValidators.gtEq(1));
        setDefault(inputCol, "image");
        setDefault(labelCol, "");
        setDefault(batchSize, config.train().batchSize());
        setDefault(sampleBatch, DEFAULT_SAMPLE_BATCH);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Reads a model {@code write().save(path)} wrote, or a run directory {@code train} wrote. */
    public static MLReader<PixelCnnModel> read() {
        return new ModelDirectory.Reader();
    }

    public static PixelCnnModel load(String path) {
        return read().load(path);
    }

    @Override
    public MLWriter write() {
        return new ModelDirectory.Writer(this);
    }

    @Override
    public void save(String path) throws java.io.IOException {
        write().save(path);
    }

    /** The DL4J model. */
    public ComputationGraph graph() {
        return graph;
    }

    /** The training configuration, as {@code train} saves it in {@code config.properties}. */
    public JobConfig config() {
        return config;
    }

    /** A class-conditional model's classes (names in index order, training counts); empty for an unconditional one. */
    public Optional<ClassList> classes() {
        return Optional.ofNullable(classes);
    }

    /** The images the model takes: channels, height, width. */
    public ImageShape imageShape() {
        return ModelGraph.imageShape(graph.getConfiguration());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        ImageColumn column = ScoreColumns.imageColumn(dataset.schema(), getInputCol());
        SparkSession spark = dataset.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ImageShape shape = imageShape();
        // images prepared as the model's run prepared them (size, resize, mode), in the model's channels
        ImagePreparer preparer = new ImagePreparer(config.data().preparation().withChannels(shape.channels()),
                sc.hadoopConfiguration());
        RowLabels labels = classes == null ? null : new RowLabels(getLabelCol(), classes);
        RowScorer scorer = new RowScorer(sc.broadcast(ModelBytes.of(graph, false)), column, preparer, shape,
                getBatchSize(), labels);
        return spark.createDataFrame(dataset.toDF().javaRDD().mapPartitions(scorer::score), out);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ScoreColumns.imageColumn(schema, getInputCol());
        if (classes != null && getLabelCol().isBlank()) {
            throw new IllegalArgumentException("labelCol: the model is class-conditional (classes " + String.join(", ",
                    classes.names()) + "): set labelCol to the column of each image's class");
        }
        if (classes == null && !getLabelCol().isBlank()) {
            throw new IllegalArgumentException("labelCol: the model is not class-conditional: leave labelCol empty");
        }
        ScoreColumns.requireLabelColumn(schema, getLabelCol());
        return ScoreColumns.appendedTo(schema);
    }

    /**
     * Images 0..n-1 of {@code seed}'s sequence, generated on the executors, as a DataFrame of
     * {@code index, seed, png}: the table {@code sample --out-dir DIR --format parquet --seed SEED} writes,
     * byte for byte, with the same sampleBatch as its {@code --sample-batch}.
     */
    public Dataset<Row> sample(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("sample: n must be at least 1, got " + n);
        }
        if (classes != null) { // generating without a class would feed the class input nothing meaningful
            throw new UnsupportedOperationException("sample: the model is class-conditional; draw its classes with "
                    + "the command line's sample --class");
        }
        SparkSession spark = SparkSession.active();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int batch = getSampleBatch();
        JavaRDD<GeneratedImage> images = SampleJob.generate(sc, graph, imageShape(), n, batch, seed,
                SampleJob.defaultPartitions(n, batch, sc.defaultParallelism()), sc.sc().longAccumulator("images sampled"));
        return spark.createDataFrame(images.map(image -> RowFactory.create(image.index(), image.seed(), image.png())),
                SampleWriter.TABLE);
    }

    @Override
    public PixelCnnModel copy(ParamMap extra) {
        return copyValues(new PixelCnnModel(uid, graph, config, classes()), extra).setParent(parent());
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam sampleBatch() {
        return sampleBatch;
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getLabelCol() {
        return $(labelCol);
    }

    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    public int getSampleBatch() {
        return (Integer) $(sampleBatch);
    }

    public PixelCnnModel setInputCol(String value) {
        return (PixelCnnModel) set(inputCol, value);
    }

    public PixelCnnModel setLabelCol(String value) {
        return (PixelCnnModel) set(labelCol, value);
    }

    public PixelCnnModel setBatchSize(int value) {
        return (PixelCnnModel) set(batchSize, value);
    }

    public PixelCnnModel setSampleBatch(int value) {
        return (PixelCnnModel) set(sampleBatch, value);
    }
}
