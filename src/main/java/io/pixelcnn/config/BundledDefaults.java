package io.pixelcnn.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The defaults both front doors start from: {@code conf/pixelcnn.conf}, bundled in the jar. The command
 * line lays a {@code --conf} file and its options over them; the Spark ML estimator its Params.
 */
public final class BundledDefaults {

    public static final String RESOURCE = "/pixelcnn.conf";

    private BundledDefaults() {
    }

    /** A fresh copy (empty when the jar has none): callers may change it. */
    public static Properties load() {
        Properties bundled = new Properties();
        try (InputStream in = BundledDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                bundled.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + RESOURCE, e);
        }
        return bundled;
    }
}
