package io.pixelcnn.train;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trained epoch with the lowest test bits/dim (epoch 0, the untrained model, has no checkpoint and does
 * not count; on a tie the earlier epoch stays best): what {@code best.zip} holds, and what early stopping
 * measures from.
 *
 * @param epoch          the best epoch
 * @param testBitsPerDim its test bits/dim
 * @param lastEpoch      the last epoch of the rows it was found in
 */
record BestEpoch(int epoch, double testBitsPerDim, int lastEpoch) {

    /** The best of {@code rows}; empty before the first trained epoch. */
    static Optional<BestEpoch> of(List<EpochMetrics> rows) {
        EpochMetrics best = null;
        int last = 0;
        for (EpochMetrics row : rows) {
            last = Math.max(last, row.epoch());
            if (row.epoch() > 0 && (best == null || row.testBitsPerDim() < best.testBitsPerDim())) {
                best = row;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new BestEpoch(best.epoch(), best.testBitsPerDim(), last));
    }

    /** Epochs trained since the best one without a lower test bits/dim. */
    int epochsWithoutImprovement() {
        return lastEpoch - epoch;
    }

    /**
     * Why the run stops before {@code epochs} with early stopping after {@code patience} epochs without
     * improvement (0: never), or empty if it goes on.
     */
    Optional<String> earlyStop(int patience, int epochs) {
        if (patience == 0 || lastEpoch >= epochs || epochsWithoutImprovement() < patience) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "early stopping after epoch %d of %d: test bits/dim has not improved on epoch %d's %.4f for %d epochs"
                        + " (early-stopping-patience %d); model.zip is epoch %d, best.zip epoch %d",
                lastEpoch, epochs, epoch, testBitsPerDim, epochsWithoutImprovement(), patience, lastEpoch, epoch));
    }
}
