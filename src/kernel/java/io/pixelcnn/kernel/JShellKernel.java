package io.pixelcnn.kernel;

import java.awt.image.RenderedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import io.pixelcnn.kernel.notebook.Display;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * The Jupyter side of the kernel: a cell's code goes to {@link Cells} (JShell), its value comes back
 * rendered (an image as PNG, anything else as text), and a cell that does not compile or throws is
 * reported to Jupyter as an error, so {@code jupyter nbconvert --execute} fails on it.
 */
final class JShellKernel extends BaseKernel {

    private static final LanguageInfo JAVA = new LanguageInfo("Java", Runtime.version().toString(),
            "text/x-java-source", ".jshell", "java", "java", null);

    private final Cells cells;

    private JShellKernel(Renderer renderer, StringStyler errorStyler) {
        super("pixelcnn-java", "1", JAVA, List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(),
                renderer, null, new MagicsRegistry(), false, errorStyler);
        this.cells = new Cells();
    }

    static JShellKernel create() {
        Renderer renderer = new Renderer();
        Image.registerAll(renderer);
        Text.registerAll(renderer);
        // plain text: the errors are read in nbconvert's console and logs as much as in a browser
        StringStyler errors = new StringStyler.Builder().build();
        JShellKernel kernel = new JShellKernel(renderer, errors);
        Display.sendTo(value -> kernel.display(kernel.render(value)));
        return kernel;
    }

    @Override
    public Object evalRaw(String code) {
        return cells.run(code);
    }

    @Override
    public DisplayData eval(String code) {
        Object value = evalRaw(code);
        return value == null ? null : render(value);
    }

    private DisplayData render(Object value) {
        // a String shows as itself; JShell's own text of it would be quoted and escaped
        DisplayData data = getRenderer().render(value);
        if (value instanceof RenderedImage image) {
            // the text beside the PNG: its size, not toString()'s hash codes, so saved outputs diff cleanly
            data.putText(image.getWidth() + "x" + image.getHeight() + " image");
        }
        return data;
    }

    @Override
    public List<String> formatError(Throwable error) {
        if (error instanceof CellError cellError) {
            return cellError.lines().stream().map(errorStyler::secondary).collect(Collectors.toList());
        }
        return super.formatError(error);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = cells.analysis().completionSuggestions(code, at, anchor).stream()
                .map(Suggestion::continuation).distinct().toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.Completeness completeness = cells.analysis().analyzeCompletion(code).completeness();
        if (completeness.isComplete()) {
            return IS_COMPLETE_YES;
        }
        return completeness == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE ? "" : IS_COMPLETE_MAYBE;
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        close();
    }

    void close() {
        cells.close();
    }

    /** The shell, for tests of the cells' engine alone. */
    JShell shell() {
        return cells.shell();
    }
}
