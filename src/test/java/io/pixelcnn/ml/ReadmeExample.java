package io.pixelcnn.ml;

import static org.apache.spark.sql.functions.desc;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The README's example of the Spark ML front door, kept here so that it compiles with the tests:
 * {@code ReadmeExampleTest} checks that the README's code block is exactly the region between the markers.
 */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static void run() throws Exception {
        // README example begins
        SparkSession spark = SparkSession.builder().appName("pixelcnn-photos").getOrCreate();
        // a column of images: binaryFile rows here; encoded bytes, a Hugging Face struct or Spark's image source alike
        Dataset<Row> photos = spark.read().format("binaryFile").load("photos/");
        Dataset<Row>[] split = photos.randomSplit(new double[]{0.9, 0.1}, 1);

        PixelCnn pixelCnn = new PixelCnn().setImageSize("28x28").setChannels(3).setEpochs(2);
        ParamMap[] rates = new ParamGridBuilder().addGrid(pixelCnn.learningRate(), new double[]{0.001, 0.003}).build();
        TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(pixelCnn)
                .setEvaluator(new BitsPerDimEvaluator()).setEstimatorParamMaps(rates).fit(split[0]);
        PixelCnnModel model = (PixelCnnModel) tuned.bestModel();

        Dataset<Row> scored = model.transform(split[1]);            // + bits_per_dim, nll_nats on every row
        System.out.println(new BitsPerDimEvaluator().evaluate(scored)); // evaluate's figure
        scored.orderBy(desc("bits_per_dim")).select("path", "bits_per_dim").show(5); // the least likely
        model.sample(16, 1).write().parquet("samples.parquet");    // index, seed, png: sample --out-dir's images
        model.write().overwrite().save("models/photos");            // also a --model for evaluate, score, sample
        PixelCnnModel fashion = PixelCnnModel.load("runs/fashion"); // a run directory train wrote
        // README example ends
    }
}
