package io.pixelcnn.kernel;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Where the cells' classes live: the classes JShell compiles from snippets and the jars {@code %jars}
 * adds. Its parent is the JDK's platform loader, not the kernel's class path, so a notebook sees the
 * project's jar and its own dependencies (gson, slf4j, ...) rather than the kernel's. The one exception
 * is {@link io.pixelcnn.kernel.notebook.Display}, which must be the kernel's own class to reach Jupyter.
 */
final class SnippetLoader implements LoaderDelegate {

    private final CellClassLoader loader = new CellClassLoader();
    private final Map<String, Class<?>> loaded = new HashMap<>();

    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        for (ClassBytecodes bytecodes : classes) {
            loader.declare(bytecodes.name(), bytecodes.bytecodes());
        }
        try {
            for (int i = 0; i < classes.length; i++) {
                Class<?> type = loader.loadClass(classes[i].name());
                loaded.put(classes[i].name(), type);
                installed[i] = true;
                type.getDeclaredMethods(); // links now, so a missing class fails the snippet, not a later call
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes bytecodes : classes) {
            loader.declare(bytecodes.name(), bytecodes.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(java.io.File.pathSeparator)) {
            try {
                loader.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new InternalException(entry + ": " + e.getMessage());
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = loaded.get(name);
        if (type == null) {
            throw new ClassNotFoundException(name + " is not a snippet class");
        }
        return type;
    }

    /** Snippet classes by name first, then the added jars; the bridge class from the kernel. */
    private static final class CellClassLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> snippets = new HashMap<>();

        CellClassLoader() {
            super("notebook-cells", new URL[0], ClassLoader.getPlatformClassLoader());
        }

        synchronized void declare(String name, byte[] bytecodes) {
            snippets.put(name, bytecodes);
        }

        void add(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.equals(io.pixelcnn.kernel.notebook.Display.class.getName())) {
                return io.pixelcnn.kernel.notebook.Display.class;
            }
            byte[] bytecodes;
            synchronized (this) {
                bytecodes = snippets.get(name);
            }
            if (bytecodes != null) {
                return defineClass(name, bytecodes, 0, bytecodes.length);
            }
            return super.findClass(name);
        }
    }
}
