package io.pixelcnn.bench;

/**
 * One averaging round split where Spark and the driver let it be split, all in seconds except bytes.
 *
 * @param seconds        the round on the driver, from the end of the one before (or the epoch's start) to the end of its averaging
 * @param driverBefore   from the round's start to its first training task's launch: DL4J's split, the broadcast of
 *                       configuration, parameters and updater state, the job's scheduling
 * @param slowestTask    the longest training task, launch to finish (the round waits for it)
 * @param deserialize    a training task's executorDeserializeTime (mean over the round's tasks)
 * @param setup          a training task's run time less its fit: broadcast read and model rebuild (mean)
 * @param fit            a training task's minibatch fits (mean)
 * @param result         a training task's time after its run (mean): its result's serialisation and delivery,
 *                       which for a large model is the parameters and updater state going back
 * @param driverAfter    from the last training task's finish to the round's end: the results' aggregation and
 *                       the averaged parameters and updater state set on the driver's model
 * @param resultBytes    a training task's serialised result (mean): the parameters and updater state sent back
 * @param tasks          training tasks in the round (tasks that fitted at least one minibatch)
 */
record RoundParts(double seconds, double driverBefore, double slowestTask, double deserialize, double setup,
                  double fit, double result, double driverAfter, double resultBytes, int tasks) {

    /** What the round spent outside the driver's two parts and its slowest task. */
    double remainder() {
        return seconds - driverBefore - slowestTask - driverAfter;
    }

    /** The round less its fitting: its fixed cost, which grows with workers and parameters, not images. */
    double fixedCost() {
        return seconds - fit;
    }
}
