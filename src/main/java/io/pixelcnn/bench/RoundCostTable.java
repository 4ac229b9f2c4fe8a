package io.pixelcnn.bench;

import java.util.List;
import java.util.Locale;

/** The rows of {@code bench --round-cost} as CSV (every timed round) and as a Markdown table (medians). */
final class RoundCostTable {

    private final RoundCostSettings settings;
    private final List<RoundCostRow> rows;

    RoundCostTable(RoundCostSettings settings, List<RoundCostRow> rows) {
        this.settings = settings;
        this.rows = List.copyOf(rows);
    }

    /** One line per timed round, its parts in seconds. */
    String csv() {
        StringBuilder csv = new StringBuilder("model,parameters,workers,bytes_per_round,round,seconds,driver_before,"
                + "slowest_task,deserialize,setup,fit,result,driver_after,remainder,result_bytes,tasks\n");
        for (RoundCostRow row : rows) {
            for (int i = 0; i < row.rounds().size(); i++) {
                RoundParts p = row.rounds().get(i);
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.0f,%d%n",
                        row.model().label(), row.parameters(), row.workers(), row.bytesPerRound(),
                        settings.warmupRounds() + i + 1, p.seconds(), p.driverBefore(), p.slowestTask(), p.deserialize(),
                        p.setup(), p.fit(), p.result(), p.driverAfter(), p.remainder(), p.resultBytes(), p.tasks()));
            }
        }
        return csv.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "Averaging rounds timed through train's path (SparkTrainer, DL4J parameter averaging, Direct, updater "
                        + "state averaged), averaging every minibatch of %d images, %d rounds timed after %d warm-up; "
                        + "medians over the timed rounds, seconds unless marked. Bytes moved: parameters and Adam's "
                        + "state, 4 bytes each, out to every worker and back.%n%n",
                settings.batch(), settings.rounds(), settings.warmupRounds()));
        md.append("| model | parameters | workers | MB moved per round | s per round (min-max) | driver before tasks "
                + "| slowest task | task deserialize | task setup (broadcast read, rebuild) | task fit | task result (serialise, send) | driver after tasks "
                + "| remainder | result MB per task |\n");
        md.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RoundCostRow r : rows) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %,d | %d | %.2f | %.3f (%.3f-%.3f) | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f |%n",
                    r.model().label(), r.parameters(), r.workers(), r.bytesPerRound() / 1e6, r.median(RoundParts::seconds),
                    r.min(RoundParts::seconds), r.max(RoundParts::seconds), r.median(RoundParts::driverBefore),
                    r.median(RoundParts::slowestTask), r.median(RoundParts::deserialize), r.median(RoundParts::setup),
                    r.median(RoundParts::fit), r.median(RoundParts::result), r.median(RoundParts::driverAfter), r.median(RoundParts::remainder),
                    r.median(RoundParts::resultBytes) / 1e6));
        }
        return md.toString();
    }
}
