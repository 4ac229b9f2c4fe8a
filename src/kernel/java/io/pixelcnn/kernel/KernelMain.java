package io.pixelcnn.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * The project's Java kernel for Jupyter: {@code java -jar pixelcnn-kernel.jar CONNECTION_FILE}, as the
 * kernelspec notebooks/install-kernel.sh writes starts it. Cells run in JShell ({@link JShellKernel}).
 */
public final class KernelMain {

    static final int BAD_INPUT = 2;

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        // the kernel's own library logs through slf4j: warnings only, to the stderr Jupyter keeps
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length != 1) {
            System.err.println("usage: java -jar pixelcnn-kernel.jar CONNECTION_FILE");
            System.exit(BAD_INPUT);
        }
        KernelConnectionProperties connection = readConnection(Path.of(args[0]));
        ParentWatch.exitWhenGone(System.getenv(ParentWatch.PARENT_PID));

        JShellKernel kernel = JShellKernel.create();
        JupyterConnection channels = new JupyterConnection(connection);
        kernel.becomeHandlerForConnection(channels);
        channels.connect();
        channels.waitUntilClose();
        kernel.close();
        // Spark (and whatever else the cells started) leaves non-daemon threads behind
        System.exit(0);
    }

    private static KernelConnectionProperties readConnection(Path file) {
        try {
            return KernelConnectionProperties.parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            return fail(file + ": no such connection file");
        } catch (IOException | RuntimeException e) {
            return fail(file + ": not a Jupyter connection file (" + e.getMessage() + ")");
        }
    }

    private static KernelConnectionProperties fail(String message) {
        System.err.println(message);
        System.exit(BAD_INPUT);
        return null;
    }
}
