package io.pixelcnn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A running driver's status, read through Spark's REST API on its UI port: which stages run now and
 * where their tasks are. Tests use it to act at a known moment of a job (for example to kill an executor
 * that is running a task of a training round) instead of sleeping and hoping.
 */
public final class DriverUi {

    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private DriverUi(int port) {
        this.port = port;
    }

    /** A driver UI on a free port: pass {@link #sparkOptions()} to spark-submit. */
    public static DriverUi onFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new DriverUi(socket.getLocalPort());
        }
    }

    public List<String> sparkOptions() {
        return List.of("--conf", "spark.ui.enabled=true", "--conf", "spark.ui.port=" + port);
    }

    /** An executor of an application. */
    public record Executor(String app, String id) {
    }

    /**
     * An executor that, in a running stage of a job described {@code description} with at least
     * {@code minTasks} tasks, has finished a task and is running another, begun less than half a finished
     * task's duration ago; empty when there is none now (or the driver is not up). The UI reports what its
     * listener has heard, a moment late: a task long under way may have ended by the time the caller acts on
     * it (seen once on a loaded machine: the executor killed had just finished all its tasks), one just begun
     * still runs.
     */
    public Optional<Executor> executorMidStage(String description, int minTasks) {
        return inActiveStages(description, minTasks, tasks -> {
            long now = System.currentTimeMillis();
            for (JsonNode running : tasks) {
                String executor = running.path("executorId").asText();
                if ("RUNNING".equals(running.path("status").asText())) {
                    for (JsonNode done : tasks) {
                        if (executor.equals(done.path("executorId").asText())
                                && "SUCCESS".equals(done.path("status").asText())
                                && startedWithin(now - launchMillis(running), done.path("duration").asLong(0) / 2)) {
                            return Optional.of(executor);
                        }
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** Whether a task under way {@code elapsed} ms is within {@code half} a finished one (unknown: yes). */
    private static boolean startedWithin(long elapsed, long half) {
        return half <= 0 || elapsed < half;
    }

    /**
     * A task's launch time, as Spark's REST API writes it ({@code 2026-12-04T01:30:00.123GMT}), in epoch
     * millis; now if it cannot be read, so the check above falls back to "running a task".
     */
    private static long launchMillis(JsonNode task) {
        String text = task.path("launchTime").asText();
        try {
            return java.time.LocalDateTime.parse(text.replace("GMT", "")).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return System.currentTimeMillis();
        }
    }

    /**
     * An executor running a task, now, of an active stage of a job described {@code description}; empty
     * when there is none (between stages, or the driver is not up).
     */
    public Optional<Executor> executorRunning(String description) {
        return inActiveStages(description, 0, tasks -> {
            for (JsonNode task : tasks) {
                if ("RUNNING".equals(task.path("status").asText())) {
                    return Optional.of(task.path("executorId").asText());
                }
            }
            return Optional.empty();
        });
    }

    /** The first executor {@code pick} finds in the task list of an active stage of the described job. */
    private Optional<Executor> inActiveStages(String description, int minTasks,
                                              Function<JsonNode, Optional<String>> pick) {
        try {
            JsonNode apps = get("/api/v1/applications");
            if (!apps.isArray() || apps.isEmpty()) {
                return Optional.empty();
            }
            String appId = apps.get(0).path("id").asText();
            String app = "/api/v1/applications/" + appId;
            for (JsonNode stage : get(app + "/stages?status=active")) {
                if (!description.equals(stage.path("description").asText()) || stage.path("numTasks").asInt() < minTasks) {
                    continue;
                }
                Optional<String> executor = pick.apply(get(app + "/stages/" + stage.path("stageId").asInt() + "/"
                        + stage.path("attemptId").asInt() + "/taskList?length=1000"));
                if (executor.isPresent()) {
                    return Optional.of(new Executor(appId, executor.get()));
                }
            }
        } catch (IOException notUp) {
            // the UI is not serving yet, or the application just ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
