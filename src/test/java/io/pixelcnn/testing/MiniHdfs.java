package io.pixelcnn.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in the test JVM: one NameNode and one DataNode on 127.0.0.1, replication 1, started once per
 * test class. {@link #useAsDefault()} makes it the default file system of every job the test runs
 * ({@code spark.hadoop.fs.defaultFS}, which reaches the driver's checks and the local Spark context alike),
 * so {@code hdfs:///runs/x}, a path without host and port, means this cluster.
 */
public final class MiniHdfs implements AutoCloseable {

    private static final String DEFAULT_FS = "spark.hadoop.fs.defaultFS";

    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a cluster whose NameNode and DataNode keep their files under {@code baseDir}. */
    public static MiniHdfs start(Path baseDir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        conf.setInt("dfs.replication", 1);
        // one block per file, whatever its size: a space quota then counts whole blocks, predictably
        conf.setLong("dfs.blocksize", 1 << 20);
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true)
                .manageNameDfsDirs(true).build();
        cluster.waitActive();
        return new MiniHdfs(cluster);
    }

    /** {@code hdfs://127.0.0.1:PORT}. */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    public DistributedFileSystem fs() throws IOException {
        return cluster.getFileSystem();
    }

    /** The settings a client of this cluster needs (the tests' own reads and writes). */
    public Configuration clientConf() {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", uri());
        return conf;
    }

    /** Makes this cluster the default file system of the jobs the test runs in this JVM, until {@link #close()}. */
    public MiniHdfs useAsDefault() {
        System.setProperty(DEFAULT_FS, uri());
        return this;
    }

    /** Every file below {@code dir}, as paths without scheme and authority. */
    public List<String> filesUnder(String dir) throws IOException {
        List<String> files = new ArrayList<>();
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
        if (!fs.exists(root)) {
            return files;
        }
        RemoteIterator<LocatedFileStatus> all = fs.listFiles(root, true);
        while (all.hasNext()) {
            files.add(all.next().getPath().toUri().getPath());
        }
        return files;
    }

    @Override
    public void close() {
        System.clearProperty(DEFAULT_FS);
        cluster.shutdown();
    }
}
