package io.pixelcnn.train;

import java.util.Collection;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's parameter averaging, with workers that carry on the model's count of updates.
 *
 * <p>Why: in dl4j-spark 1.0.0-M2 each averaging round's worker builds its model from a clone of the
 * broadcast configuration, and {@code ComputationGraphConfiguration.clone()} drops the iteration count.
 * Every round's first step is then update 1 again for Adam, whose bias correction scales a step by
 * sqrt(1 - 0.999^t) / (1 - 0.9^t): 0.32 at t = 1, 0.15 at t = 10. With the averaged moment estimates
 * carried over ({@code saveUpdater}), the model learned at a sixth to a third of its learning rate, round
 * after round (one worker on Fashion-MNIST: 3.32 bits/dim on 2,000 test images after 48,000 training
 * images, against 3.16 for the same model fitted in one JVM). The driver does advance its own count after
 * each round; this master hands it to the workers, so a round of one worker is exactly the steps one JVM
 * would take ({@code ContinuingAveragingMasterTest}).
 *
 * <p>After DL4J's averaging of a round the driver applies its {@link OuterOptimizer} step, if any, and
 * tells its {@link RoundListener}.
 */
final class ContinuingAveragingMaster extends ParameterAveragingTrainingMaster {

    /** Lives on the driver, across the epochs' masters; never shipped to the executors. */
    private final transient OuterOptimizer outer;
    /** Hears of each finished round on the driver (steps.csv); null: nobody listens. */
    private final transient RoundListener rounds;

    ContinuingAveragingMaster(Builder builder, OuterOptimizer outer, RoundListener rounds) {
        super(builder);
        this.outer = outer;
        this.rounds = rounds;
    }

    /**
     * DL4J's averaging (parameters and Adam's state set on the driver's model), then the outer step from
     * the parameters the round started with. A round in which no worker had data leaves them alone.
     */
    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        averageAndStep(network, graph, results, splitNum, totalSplits);
        if (rounds != null && graph != null) {
            rounds.roundDone(splitNum, totalSplits, graph.getNetwork()); // DL4J numbers the splits from 1
        }
    }

    private void averageAndStep(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        if (outer == null || graph == null || !outer.stepsAt(graph.getNetwork().getConfiguration().getIterationCount())) {
            super.processResults(network, graph, results, splitNum, totalSplits);
            return;
        }
        INDArray params = graph.getNetwork().params();
        INDArray start = params.dup();
        super.processResults(network, graph, results, splitNum, totalSplits);
        // exactly unchanged (INDArray.equals allows 1e-5): no worker had data, so no round to step from
        if (start.neq(params).any()) {
            outer.step(start, params);
        }
    }

    /** What DL4J's own method does (one broadcast of configuration, parameters and updater state per round), with the counting worker. */
    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        ComputationGraph network = graph.getNetwork();
        ComputationGraphConfiguration configuration = network.getConfiguration();
        Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(
                new NetBroadcastTuple(configuration, network.params(), network.getUpdater().getStateViewArray()));
        WorkerConfiguration worker = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new Worker(broadcast, saveUpdater, worker, trainingHookList, listeners, getRouterProvider(),
                configuration.getIterationCount(), configuration.getEpochCount());
    }

    /** A round's worker whose model starts at the driver's iteration and epoch counts, read on the driver when the round starts. */
    static final class Worker extends ParameterAveragingTrainingWorker {

        private static final long serialVersionUID = 1L;

        private final int iterationCount;
        private final int epochCount;

        Worker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
               Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
               StatsStorageRouterProvider routerProvider,
               int iterationCount, int epochCount) {
            super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
            this.iterationCount = iterationCount;
            this.epochCount = epochCount;
        }

        @Override
        public ComputationGraph getInitialModelGraph() {
            ComputationGraph model = super.getInitialModelGraph();
            model.getConfiguration().setIterationCount(iterationCount);
            model.getConfiguration().setEpochCount(epochCount);
            return model;
        }
    }
}
