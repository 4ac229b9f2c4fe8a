package io.pixelcnn.bench;

import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.data.DataFiles;
import io.pixelcnn.data.IdxHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/** The first images of an IDX file, read in this JVM: the single-JVM figures run without Spark. */
final class LocalImages {

    private LocalImages() {
    }

    static List<byte[]> first(String file, int count) throws IOException {
        try (InputStream in = DataFiles.open(new Path(file), SparkJobs.hadoopConfiguration())) {
            IdxHeader header = IdxHeader.read(in, file);
            DataInputStream data = new DataInputStream(in);
            int n = Math.min(count, header.count());
            List<byte[]> images = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] image = new byte[header.shape().dims()];
                data.readFully(image);
                images.add(image);
            }
            return images;
        }
    }
}
