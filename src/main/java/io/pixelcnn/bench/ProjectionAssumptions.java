package io.pixelcnn.bench;

import java.util.List;
import java.util.Locale;

/**
 * What {@link ClusterProjection} assumes beyond the measured rounds; each a named input with a default
 * (bench's {@code --project-*} options), printed with the result.
 *
 * @param executors          executors (one core, one replica each) to project for
 * @param imagesPerSecond    training images a second of one one-core executor on the architecture of record
 *                           (docs/performance.md: 118-121 single-threaded on this machine)
 * @param recordParameters   the architecture of record's parameters: a model of P parameters trains at
 *                           imagesPerSecond x recordParameters / P (convolutions on the same 28 x 28 grid:
 *                           work per image in proportion to parameters)
 * @param batch              images per minibatch of a replica (train's batch-size)
 * @param averagingFrequency minibatches per replica per round (train's averaging-frequency)
 * @param baseImages         training images to the target at {@code baseReplicas} replicas (docs/scaling.md)
 * @param baseReplicas       the replicas those images were measured with
 * @param growthPerDoubling  images to the target multiply by this each time the replicas double beyond
 *                           {@code baseReplicas}: not measured, an assumption
 * @param target             the target bits/dim, a label for the output
 * @param bandwidthGbit      the driver's network link, Gbit/s: each round's bytes pass through it, out to every
 *                           executor and back (a star, an upper bound for torrent broadcast and tree aggregation)
 */
public record ProjectionAssumptions(List<Integer> executors, double imagesPerSecond, long recordParameters, int batch,
                                    int averagingFrequency, long baseImages, int baseReplicas, double growthPerDoubling,
                                    String target, double bandwidthGbit) {

    public ProjectionAssumptions {
        executors = List.copyOf(executors);
        if (executors.isEmpty() || executors.stream().anyMatch(n -> n < 1) || !(imagesPerSecond > 0)
                || recordParameters < 1 || batch < 1 || averagingFrequency < 1 || baseImages < 1 || baseReplicas < 1
                || !(growthPerDoubling >= 1) || !(bandwidthGbit > 0)) {
            throw new IllegalArgumentException("projection inputs must be positive (growth per doubling at least 1)");
        }
    }

    /** Training images to the target with {@code replicas} replicas. */
    double imagesToTarget(int replicas) {
        double doublings = Math.max(0, Math.log((double) replicas / baseReplicas) / Math.log(2));
        return baseImages * Math.pow(growthPerDoubling, doublings);
    }

    /** One executor's training images a second on a model of {@code parameters}. */
    double imagesPerSecond(long parameters) {
        return imagesPerSecond * recordParameters / parameters;
    }

    String describe() {
        return String.format(Locale.ROOT, "Assumptions: one replica per one-core executor training %.0f images/s on "
                        + "the architecture of record (%,d parameters), and in proportion to 1/parameters on others; batch "
                        + "%d, averaging every %d minibatches; %,d training images to %s bits/dim at %d replicas "
                        + "(docs/scaling.md), x %.2f per doubling of the replicas beyond (not measured); the driver's "
                        + "link %.0f Gbit/s carrying each round's parameters and updater state out to every executor "
                        + "and back; the round's fixed cost (measured round less its fit) from the fit below.",
                imagesPerSecond, recordParameters, batch, averagingFrequency, baseImages, target, baseReplicas,
                growthPerDoubling, bandwidthGbit);
    }
}
