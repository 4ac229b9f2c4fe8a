package io.pixelcnn.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real HDFS and a real YARN on 127.0.0.1, in the test JVM: {@link MiniHdfs} (a NameNode and a DataNode)
 * and a MiniYARNCluster (a ResourceManager and a NodeManager) that launches every container, Spark's
 * ApplicationMaster and executors, as a JVM of its own, exactly as a cluster's NodeManagers do. Jobs reach it
 * through a HADOOP_CONF_DIR the harness writes, as spark-submit on a cluster's edge node does.
 */
public final class YarnCluster implements AutoCloseable {

    /** Container memory the NodeManager offers: a driver, two executors and a spare, at the job's defaults. */
    private static final int NODE_MEMORY_MB = 16_384;
    private static final int NODE_VCORES = 8;

    private final MiniHdfs hdfs;
    private final MiniYARNCluster yarn;
    private final Path confDir;
    private final Path sparkHome;
    private final YarnClient client;

    private YarnCluster(MiniHdfs hdfs, MiniYARNCluster yarn, Path confDir, Path sparkHome) {
        this.hdfs = hdfs;
        this.yarn = yarn;
        this.confDir = confDir;
        this.sparkHome = sparkHome;
        this.client = YarnClient.createYarnClient();
        client.init(yarn.getConfig());
        client.start();
    }

    public static YarnCluster start(Path sparkHome, Path workDir) throws Exception {
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException(sparkHome + "/jars is missing: run through `mvn verify`");
        }
        StandaloneCluster.writeSparkScripts(sparkHome);
        Files.createDirectories(workDir);
        MiniHdfs hdfs = MiniHdfs.start(workDir.resolve("hdfs"));
        YarnConfiguration yarnConf = new YarnConfiguration(hdfs.clientConf());
        // the capacity scheduler as Spark's own YARN tests set it: one queue with all of the cluster
        yarnConf.set("yarn.scheduler.capacity.root.queues", "default");
        yarnConf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        yarnConf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        yarnConf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        yarnConf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        yarnConf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // every container on this one node: memory is YARN's bookkeeping here, not a limit it enforces
        yarnConf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, NODE_MEMORY_MB);
        yarnConf.setInt(YarnConfiguration.NM_VCORES, NODE_VCORES);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
        yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // a build machine's disk may be fuller than the NodeManager's default 90% health limit
        yarnConf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100f);
        // keep a finished container's logs where the test can read them
        yarnConf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 3600);
        // containers are handed out as the NodeManager heartbeats (every 1 s by default): every application
        // waits for one for its ApplicationMaster and one for its executors; a quarter of it on loopback
        yarnConf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 250);
        yarnConf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        yarnConf.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
        MiniYARNCluster yarn = new MiniYARNCluster("pixelcnn", 1, 1, 1);
        yarn.init(yarnConf);
        yarn.start();
        awaitResourceManagerAddress(yarn, Duration.ofMinutes(10)); // only stops a hang

        Path confDir = Files.createDirectories(workDir.resolve("hadoop-conf"));
        writeClientConfiguration(yarn.getConfig(), confDir);
        return new YarnCluster(hdfs, yarn, confDir, sparkHome);
    }

    /**
     * HADOOP_CONF_DIR as a cluster's edge node has it: where the NameNode and the ResourceManager are, and
     * nothing else (the mini clusters' own settings name test-only classes that a client does not have).
     */
    private static void writeClientConfiguration(Configuration cluster, Path confDir) throws IOException {
        Configuration core = new Configuration(false);
        core.set(FileSystem.FS_DEFAULT_NAME_KEY, cluster.get(FileSystem.FS_DEFAULT_NAME_KEY));
        Configuration yarnSite = new Configuration(false);
        for (Map.Entry<String, String> entry : cluster) {
            if (entry.getKey().startsWith("yarn.resourcemanager.") && entry.getKey().endsWith("address")) {
                yarnSite.set(entry.getKey(), entry.getValue());
            }
        }
        // the ApplicationMaster asks for containers of this size at most: the cluster's limit
        yarnSite.set(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, cluster.get(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB));
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            yarnSite.writeXml(out);
        }
    }

    /** The MiniYARNCluster binds to port 0 first: the real address is known once the RM has started. */
    private static void awaitResourceManagerAddress(MiniYARNCluster yarn, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager never reported its address");
            }
            Thread.sleep(100);
        }
    }

    /** HDFS as a client with the cluster's settings sees it. */
    public MiniHdfs hdfs() {
        return hdfs;
    }

    /** A client configuration of both clusters (what HADOOP_CONF_DIR holds). */
    public Configuration configuration() {
        return new Configuration(yarn.getConfig());
    }

    /** What submit/yarn.sh needs to find Spark and this cluster, and to keep all traffic on loopback. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("HADOOP_CONF_DIR", confDir.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /**
     * spark-submit settings for a one-machine cluster: Spark's jars from SPARK_HOME instead of an upload of
     * them per application, the ApplicationMaster, driver and executors on loopback, and the
     * ApplicationMaster's heartbeat to the ResourceManager every second instead of 3 (it picks up granted
     * and finished containers, a lost executor's among them, as it heartbeats).
     */
    public List<String> sparkOptions() {
        List<String> options = new ArrayList<>();
        for (String conf : List.of(
                "spark.yarn.jars=local:" + sparkHome.toAbsolutePath().resolve("jars") + "/*",
                "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "spark.driver.host=127.0.0.1",
                "spark.yarn.am.memory=512m",
                "spark.yarn.scheduler.heartbeat.interval-ms=1000")) {
            options.add("--conf");
            options.add(conf);
        }
        return options;
    }

    /** Every application YARN knows of, newest last. */
    public List<ApplicationReport> applications() throws Exception {
        List<ApplicationReport> reports = new ArrayList<>(client.getApplications());
        reports.sort((a, b) -> a.getApplicationId().compareTo(b.getApplicationId()));
        return reports;
    }

    public ApplicationReport report(ApplicationId id) throws Exception {
        return client.getApplicationReport(id);
    }

    /** The one application submitted after {@code before} (a count of {@link #applications()}). */
    public ApplicationReport applicationAfter(int before) throws Exception {
        List<ApplicationReport> reports = applications();
        if (reports.size() != before + 1) {
            throw new AssertionError("expected one new application after " + before + ": " + reports.size());
        }
        return reports.get(before);
    }

    /** How many attempts YARN made of an application. */
    public int attempts(ApplicationId id) throws Exception {
        return client.getApplicationAttempts(id).size();
    }

    /** Waits until YARN has the application's final state (spark-submit in client mode may return first). */
    public ApplicationReport awaitFinished(ApplicationId id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        EnumSet<YarnApplicationState> ended = EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
                YarnApplicationState.KILLED);
        while (true) {
            ApplicationReport report = client.getApplicationReport(id);
            if (ended.contains(report.getYarnApplicationState())
                    && report.getFinalApplicationStatus() != FinalApplicationStatus.UNDEFINED) {
                return report;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " still " + report.getYarnApplicationState() + " after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /** The NodeManager's container log folders: one folder per application, one per container inside. */
    public List<Path> logDirs() {
        String dirs = yarn.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS);
        return List.of(dirs.split(",")).stream().map(d -> Path.of(d.replaceFirst("^file:", ""))).toList();
    }

    /** The folder of one container's logs ({@code stdout}, {@code stderr}). */
    public List<Path> containerLogDirs(ApplicationId app) throws IOException {
        List<Path> containers = new ArrayList<>();
        for (Path logs : logDirs()) {
            Path appDir = logs.resolve(app.toString());
            if (Files.isDirectory(appDir)) {
                try (var list = Files.list(appDir)) {
                    list.filter(Files::isDirectory).forEach(containers::add);
                }
            }
        }
        containers.sort(null);
        return containers;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } finally {
            try {
                yarn.stop();
            } finally {
                hdfs.close();
            }
        }
    }
}
