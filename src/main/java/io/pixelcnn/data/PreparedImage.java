package io.pixelcnn.data;

/**
 * An image after preparation: its pixels (one byte per sub-pixel, channel-major) and shape, or, for a
 * malformed one, the reason it cannot be used. Named by its file, table row or record. When labels are
 * read, its label as the source keeps it (a class folder's name, an IDX label's number); null otherwise.
 *
 * <p>A plain class rather than a record: images are cached and shuffled by Spark, whose Kryo cannot
 * build records.
 */
public final class PreparedImage extends SourceItem {

    private static final long serialVersionUID = 1L;

    private String name;
    private byte[] pixels;
    private int channels;
    private int height;
    private int width;
    private String problem;
    private String label;

    /** For Kryo. */
    private PreparedImage() {
    }

    static PreparedImage usable(String name, byte[] pixels, ImageShape shape) {
        PreparedImage image = new PreparedImage();
        image.name = name;
        image.pixels = pixels;
        image.channels = shape.channels();
        image.height = shape.height();
        image.width = shape.width();
        return image;
    }

    static PreparedImage malformed(String name, String problem) {
        PreparedImage image = new PreparedImage();
        image.name = name;
        image.problem = problem;
        return image;
    }

    /** The same image with the label its source read beside it (see {@link Labelling}). */
    PreparedImage withLabel(String newLabel) {
        this.label = newLabel;
        return this;
    }

    /** The image's label as its source keeps it; null when labels are not read. */
    public String label() {
        return label;
    }

    public String name() {
        return name;
    }

    /** Null for a malformed image. */
    public byte[] pixels() {
        return pixels;
    }

    /** Null for a malformed image. */
    public ImageShape shape() {
        return problem == null ? new ImageShape(channels, height, width) : null;
    }

    public boolean isUsable() {
        return problem == null;
    }

    /** Why the image cannot be used; null when it can. */
    public String problem() {
        return problem;
    }

    /** True for a usable image of exactly {@code shape}. */
    public boolean has(ImageShape shape) {
        return problem == null && channels == shape.channels() && height == shape.height() && width == shape.width();
    }

    @Override
    PreparedImage prepare(ImagePreparer preparer) {
        return this;
    }
}
