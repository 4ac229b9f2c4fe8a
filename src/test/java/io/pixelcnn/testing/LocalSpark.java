package io.pixelcnn.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A real local[2] Spark context configured like the job's own (Kryo with ND4J's registrator). */
public final class LocalSpark {

    private LocalSpark() {
    }

    public static JavaSparkContext start(String name) {
        SparkConf conf = new SparkConf()
                .setAppName(name)
                .setMaster("local[2]")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        return new JavaSparkContext(conf);
    }
}
