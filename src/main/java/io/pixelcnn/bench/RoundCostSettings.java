package io.pixelcnn.bench;

import java.util.List;

/**
 * What {@code bench --round-cost} measures: every model with every number of workers, {@code rounds} timed
 * averaging rounds after {@code warmupRounds}, each worker fitting one minibatch of {@code batch} images a
 * round (on average: DL4J splits the data into rounds at random), so that the round's fixed cost dominates.
 *
 * @param workers      numbers of workers (replicas) to measure
 * @param models       the models' widths and depths
 * @param rounds       timed rounds per (workers, model)
 * @param warmupRounds rounds run first and not timed (JIT, first broadcast, executors' first model)
 * @param batch        images per minibatch
 * @param learningRate Adam's
 * @param seed         the model's weights and DL4J's split
 * @param trainFile    Fashion-MNIST's training images (read on the driver, so any cluster can run it)
 * @param logDir       where round-cost.csv and round-cost.md go
 */
public record RoundCostSettings(List<Integer> workers, List<RoundModel> models, int rounds, int warmupRounds,
                                int batch, double learningRate, long seed, String trainFile, String logDir) {

    public RoundCostSettings {
        workers = List.copyOf(workers);
        models = List.copyOf(models);
    }

    /** Rounds each (workers, model) runs, warm-up included. */
    int totalRounds() {
        return rounds + warmupRounds;
    }
}
