package io.pixelcnn.data;

/** An image file not read yet: its path and its length, known from the listing. */
final class FileItem extends SourceItem {

    private static final long serialVersionUID = 1L;

    private String path;
    private long length;
    /** The image's class folder when labels are read; null otherwise. */
    private String label;

    /** For Kryo. */
    private FileItem() {
    }

    FileItem(String path, long length) {
        this(path, length, null);
    }

    FileItem(String path, long length, String label) {
        this.path = path;
        this.length = length;
        this.label = label;
    }

    String path() {
        return path;
    }

    @Override
    PreparedImage prepare(ImagePreparer preparer) {
        PreparedImage image = preparer.fromFile(path, length);
        return label == null ? image : image.withLabel(label);
    }
}
