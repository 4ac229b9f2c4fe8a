package io.pixelcnn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pixelcnn.data.Labelling;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.SoftmaxLikelihood;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * workers=0 and partitions=0 become numbers once the cluster's size is known, and a run saves the numbers;
 * the likelihood is saved, and an older run without it is a softmax model.
 */
class JobConfigTest {

    @Test
    void zeroWorkersAndPartitionsBecomeTheClustersParallelismAndAreSavedAsNumbers() throws Exception {
        JobConfig defaults = defaults();
        assertEquals(0, defaults.train().workers());
        assertEquals(0, defaults.data().partitions());

        JobConfig resolved = defaults.withParallelismOf(6);
        assertEquals(6, resolved.train().workers());
        assertEquals(6, resolved.data().partitions(), "one partition per worker");
        Map<String, String> saved = resolved.toMap();
        assertEquals("6", saved.get(JobConfig.WORKERS));
        assertEquals("6", saved.get(JobConfig.PARTITIONS));

        // what a resume reads back is fixed: another cluster's parallelism changes nothing
        Properties properties = new Properties();
        properties.putAll(saved);
        JobConfig resumed = JobConfig.fromProperties(properties, "config.properties")
                .resumedWith(Map.of(JobConfig.EPOCHS, "20")).withParallelismOf(3);
        assertEquals(6, resumed.train().workers());
        assertEquals(6, resumed.data().partitions());
    }

    @Test
    void numbersGivenStayAsTheyAre() throws Exception {
        JobConfig given = defaults().withParallelismOf(3).withParallelismOf(16);
        assertEquals(3, given.train().workers());
        JobConfig partitioned = new JobConfig(defaults().data().withPartitions(8), defaults().model(),
                defaults().train()).withParallelismOf(2);
        assertEquals(2, partitioned.train().workers());
        assertEquals(8, partitioned.data().partitions());
    }

    @Test
    void adamMemoryIsSavedARunSavedWithoutItLoadsAtStepsAndOneReplicaKeepsAdamsBeta2() throws Exception {
        assertEquals(AdamMemory.IMAGES, defaults().train().adamMemory(), "the shipped default");
        JobConfig images = defaults();
        Properties saved = new Properties();
        saved.putAll(images.toMap());
        assertEquals("images", saved.getProperty(JobConfig.ADAM_MEMORY));
        TrainConfig loaded = JobConfig.fromProperties(saved, "config.properties").train();
        assertEquals(AdamMemory.IMAGES, loaded.adamMemory());
        assertEquals(0.999, loaded.replicaBeta2(1), 0.0);
        assertEquals(Math.pow(0.999, 8), loaded.replicaBeta2(8), 0.0);
        assertEquals(0.999, loaded.withAdamMemory(AdamMemory.STEPS).replicaBeta2(8), 0.0);

        saved.remove(JobConfig.ADAM_MEMORY);
        assertEquals(AdamMemory.STEPS, JobConfig.fromProperties(saved, "config.properties").train().adamMemory());
        saved.setProperty(JobConfig.ADAM_MEMORY, "epochs");
        assertEquals("config.properties: adam-memory must be one of steps, images, got 'epochs'",
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromProperties(saved, "config.properties"))
                        .getMessage());
    }

    /** Every key that names one of an enum's constants names the file and the choices when it names none. */
    @Test
    void aSavedRunsUnknownChoiceNamesTheFileTheKeyAndTheChoices() throws Exception {
        Properties saved = new Properties();
        saved.putAll(defaults().toMap());
        saved.setProperty(JobConfig.LEARNING_RATE_SCALING, "Quadratic");
        assertEquals("config.properties: learning-rate-scaling must be one of none, sqrt, linear, got 'Quadratic'",
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromProperties(saved, "config.properties"))
                        .getMessage());
        saved.setProperty(JobConfig.LEARNING_RATE_SCALING, " LINEAR ");
        saved.setProperty(JobConfig.LEARNING_RATE_SCHEDULE, "linear");
        assertEquals("config.properties: learning-rate-schedule must be one of constant, cosine, step, cooldown, got 'linear'",
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromProperties(saved, "config.properties"))
                        .getMessage());
    }

    @Test
    void theLikelihoodIsSavedAndARunSavedWithoutItLoadsAsTheSoftmax() throws Exception {
        assertEquals(SoftmaxLikelihood.INSTANCE, defaults().model().likelihood());
        JobConfig mixture = new JobConfig(defaults().data(), defaults().model().with(new LogisticMixture(7)),
                defaults().train());
        Properties saved = new Properties();
        saved.putAll(mixture.toMap());
        assertEquals("logistic-mixture", saved.getProperty(JobConfig.LIKELIHOOD));
        assertEquals(new LogisticMixture(7), JobConfig.fromProperties(saved, "config.properties").model().likelihood());

        saved.remove(JobConfig.LIKELIHOOD);
        saved.remove(JobConfig.MIXTURES);
        assertEquals(SoftmaxLikelihood.INSTANCE, JobConfig.fromProperties(saved, "config.properties").model().likelihood());

        saved.setProperty(JobConfig.LIKELIHOOD, "gaussian");
        InvalidConfigException bad = assertThrows(InvalidConfigException.class,
                () -> JobConfig.fromProperties(saved, "config.properties"));
        assertEquals("config.properties: likelihood must be one of softmax|logistic-mixture, got 'gaussian'",
                bad.getMessage());
        saved.setProperty(JobConfig.LIKELIHOOD, "logistic-mixture");
        saved.setProperty(JobConfig.MIXTURES, "0");
        assertEquals("config.properties: mixtures must be at least 1, got 0", assertThrows(InvalidConfigException.class,
                () -> JobConfig.fromProperties(saved, "config.properties")).getMessage());
    }

    @Test
    void aRunIsUnconditionalUnlessItsDataAsksForLabelsAndBothDatasetsGetTheLabelling() throws Exception {
        DataConfig data = defaults().data();
        assertEquals(Labelling.NONE, data.labelling());
        assertEquals(Labelling.NONE, data.train().labelling());
        DataConfig labelled = data.withLabelling(Labelling.fromColumn("label")).withPartitions(4);
        assertEquals(4, labelled.partitions());
        assertEquals(Labelling.fromColumn("label"), labelled.train().labelling());
        assertEquals(Labelling.fromColumn("label"), labelled.test().labelling());
        assertEquals(true, labelled.labelling().conditional(), "a label column implies labels");
    }

    @Test
    void theLabellingIsSavedAndARunSavedWithoutItLoadsUnconditional() throws Exception {
        JobConfig labelled = new JobConfig(defaults().data().withLabelling(
                Labelling.fromSource().withClassNames(java.util.List.of("cat", "dog"))), defaults().model(), defaults().train());
        Properties saved = new Properties();
        saved.putAll(labelled.toMap());
        assertEquals("true", saved.getProperty(JobConfig.CONDITIONAL));
        assertEquals("cat,dog", saved.getProperty(JobConfig.CLASS_NAMES));
        assertEquals(labelled.data().labelling(), JobConfig.fromProperties(saved, "config.properties").data().labelling());

        saved.setProperty(JobConfig.CONDITIONAL, "false");
        saved.setProperty(JobConfig.CLASS_NAMES, "");
        saved.setProperty(JobConfig.LABEL_COLUMN, "label");
        assertEquals(Labelling.fromColumn("label"), JobConfig.labelling(saved, "config.properties"), "a column implies labels");

        saved.remove(JobConfig.CONDITIONAL);
        saved.remove(JobConfig.LABEL_COLUMN);
        saved.remove(JobConfig.CLASS_NAMES);
        assertEquals(Labelling.NONE, JobConfig.fromProperties(saved, "config.properties").data().labelling());

        saved.setProperty(JobConfig.CONDITIONAL, "yes");
        assertEquals("config.properties: conditional is true or false, not 'yes'",
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromProperties(saved, "config.properties")).getMessage());
        saved.setProperty(JobConfig.CONDITIONAL, "true");
        saved.setProperty(JobConfig.CLASS_NAMES, "cat,,dog");
        assertEquals("config.properties: class-names: '' is blank",
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromProperties(saved, "config.properties")).getMessage());
        saved.setProperty(JobConfig.CLASS_NAMES, "cat,dog,cat");
        assertEquals("config.properties: class-names: 'cat' is given twice",
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromProperties(saved, "config.properties")).getMessage());
    }

    @Test
    void aRunSavedWhenTheFamilyKeyWasModelLoadsWithItsFamilyAndSavesItAsFamily() throws Exception {
        Properties old = new Properties();
        old.putAll(defaults().toMap());
        old.remove(JobConfig.FAMILY);
        old.setProperty("model", "row-lstm");
        JobConfig loaded = JobConfig.fromProperties(old, "config.properties");
        assertEquals(io.pixelcnn.model.ModelFamily.ROW_LSTM, loaded.model().family());
        assertEquals("row-lstm", loaded.toMap().get(JobConfig.FAMILY));
        assertEquals(false, loaded.toMap().containsKey("model"));
    }

    private static JobConfig defaults() throws Exception {
        Properties conf = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf/pixelcnn.conf"))) {
            conf.load(in);
        }
        return JobConfig.fromProperties(conf, "conf/pixelcnn.conf");
    }
}
