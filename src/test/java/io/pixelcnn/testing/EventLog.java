package io.pixelcnn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Spark driver's event log ({@code spark.eventLog.enabled}, uncompressed), read back after the
 * application ended: what Spark itself recorded about executors, jobs and every task attempt. Tests use
 * it to prove a fault happened (an executor was lost, a task was rerun) rather than trusting the job.
 */
public final class EventLog {

    /** Spark options that make a driver write its event log into {@code dir}. */
    public static List<String> sparkOptions(Path dir) throws IOException {
        Files.createDirectories(dir);
        return List.of("--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + dir.toUri(),
                "--conf", "spark.eventLog.compress=false");
    }

    /**
     * One task attempt's end. {@code index} numbers the task within its stage attempt's task set, which in a
     * later attempt of a stage holds only the partitions it reruns; {@code partition} is the RDD partition.
     * {@code fetchFailedFrom} is the executor whose shuffle output a {@code FetchFailed} task could not read.
     */
    public record TaskEnd(int stage, int stageAttempt, int index, int partition, int attempt, String executor,
                          String reason, String failureClass, String failureText, String fetchFailedFrom,
                          long finishTime, JsonNode accumulables) {

        public boolean successful() {
            return "Success".equals(reason);
        }

        /** The update a named accumulator got from this attempt (0 if none). */
        public double update(String accumulator) {
            for (JsonNode accumulable : accumulables) {
                if (accumulator.equals(accumulable.path("Name").asText()) && accumulable.has("Update")) {
                    return Double.parseDouble(accumulable.get("Update").asText());
                }
            }
            return 0;
        }
    }

    private final List<JsonNode> events;
    private final Map<Integer, String> stageDescriptions = new HashMap<>();
    private final Map<Integer, Set<Integer>> stageParents = new HashMap<>();

    private EventLog(List<JsonNode> events) {
        this.events = events;
        for (JsonNode event : events("SparkListenerJobStart")) {
            String description = event.path("Properties").path("spark.job.description").asText("");
            event.path("Stage IDs").forEach(stage -> stageDescriptions.putIfAbsent(stage.asInt(), description));
            for (JsonNode stage : event.path("Stage Infos")) {
                Set<Integer> parents = stageParents.computeIfAbsent(stage.path("Stage ID").asInt(), id -> new HashSet<>());
                stage.path("Parent IDs").forEach(parent -> parents.add(parent.asInt()));
            }
        }
    }

    /** The stages whose output {@code stage} reads (its shuffle dependencies' map stages). */
    public Set<Integer> parents(int stage) {
        return stageParents.getOrDefault(stage, Set.of());
    }

    /** The log of the one application that wrote into {@code dir}. */
    public static EventLog read(Path dir) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
        if (logs.size() != 1) {
            throw new IllegalStateException("expected one event log in " + dir + ", found " + logs);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(logs.get(0))) {
            if (!line.isBlank()) {
                events.add(json.readTree(line));
            }
        }
        return new EventLog(events);
    }

    public List<JsonNode> events(String type) {
        return events.stream().filter(e -> type.equals(e.path("Event").asText())).toList();
    }

    /** The description of the job a stage ran for ("epoch 1: train", "read ..."). */
    public String description(int stage) {
        return stageDescriptions.getOrDefault(stage, "");
    }

    /** Every task attempt's end, in the order Spark reported them. */
    public List<TaskEnd> taskEnds() {
        List<TaskEnd> ends = new ArrayList<>();
        for (JsonNode event : events("SparkListenerTaskEnd")) {
            JsonNode info = event.path("Task Info");
            JsonNode reason = event.path("Task End Reason");
            ends.add(new TaskEnd(event.path("Stage ID").asInt(), event.path("Stage Attempt ID").asInt(),
                    info.path("Index").asInt(), info.path("Partition ID").asInt(-1), info.path("Attempt").asInt(),
                    info.path("Executor ID").asText(), reason.path("Reason").asText(), reason.path("Class Name").asText(""),
                    reason.path("Description").asText("") + "\n" + reason.path("Full Stack Trace").asText(""),
                    reason.path("Block Manager Address").path("Executor ID").asText(""),
                    info.path("Finish Time").asLong(), info.path("Accumulables")));
        }
        return ends;
    }

    /** Task ends of the stages whose job had {@code description}. */
    public List<TaskEnd> taskEnds(String description) {
        return taskEnds().stream().filter(t -> description.equals(description(t.stage()))).toList();
    }

    /**
     * The attempts among {@code ends} that failed, were killed or were resubmitted (their output lost) and
     * whose partition of the same stage then succeeded in a later attempt: the work Spark did again.
     */
    public static List<TaskEnd> rerun(List<TaskEnd> ends) {
        List<TaskEnd> rerun = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            TaskEnd lost = ends.get(i);
            if (lost.successful()) {
                continue;
            }
            for (TaskEnd later : ends.subList(i + 1, ends.size())) {
                if (later.successful() && later.stage() == lost.stage() && later.partition() == lost.partition()) {
                    rerun.add(lost);
                    break;
                }
            }
        }
        return rerun;
    }

    /**
     * The sum of a named accumulator's updates over {@code ends}: counting every successful attempt (what
     * Spark's own accumulator value adds up) or only the first successful attempt of each stage's partition.
     */
    public static double sum(List<TaskEnd> ends, String accumulator, boolean firstSuccessOnly) {
        Set<String> seen = new HashSet<>();
        double sum = 0;
        for (TaskEnd end : ends) {
            if (end.successful() && (!firstSuccessOnly || seen.add(end.stage() + ":" + end.partition()))) {
                sum += end.update(accumulator);
            }
        }
        return sum;
    }

    /** Executors added, by id, with the time they registered. */
    public Map<String, Long> executorsAdded() {
        Map<String, Long> added = new HashMap<>();
        events("SparkListenerExecutorAdded").forEach(e -> added.put(e.path("Executor ID").asText(), e.path("Timestamp").asLong()));
        return added;
    }

    /** Ids of the executors Spark removed (lost, killed, exited). */
    public Set<String> executorsRemoved() {
        Set<String> removed = new HashSet<>();
        events("SparkListenerExecutorRemoved").forEach(e -> removed.add(e.path("Executor ID").asText()));
        return removed;
    }

    /**
     * The memory Spark gave the driver's block manager ("Maximum Memory"): with the unified memory manager,
     * (the JVM's maximum heap - 300 MiB reserved) x spark.memory.fraction (0.6), so it reads back the heap.
     */
    public long driverMaxMemory() {
        return events("SparkListenerBlockManagerAdded").stream()
                .filter(e -> "driver".equals(e.path("Block Manager ID").path("Executor ID").asText()))
                .mapToLong(e -> e.path("Maximum Memory").asLong()).findFirst().orElseThrow();
    }

    /** When the first job was submitted. */
    public long firstJobSubmitted() {
        return events("SparkListenerJobStart").stream().mapToLong(e -> e.path("Submission Time").asLong())
                .min().orElseThrow();
    }
}
