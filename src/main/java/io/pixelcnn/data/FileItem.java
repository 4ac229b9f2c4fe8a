package io.pixelcnn.data;

/** An image file not read yet: its path and its length, known from the listing. */
final class FileItem extends SourceItem {

    private static final long serialVersionUID = 1L;

    private String path;
    private long length;

    /** For Kryo. */
    private FileItem() {
    }

    FileItem(String path, long length) {
        this.path = path;
        this.length = length;
    }

    String path() {
        return path;
    }

    @Override
    PreparedImage prepare(ImagePreparer preparer) {
        return preparer.fromFile(path, length);
    }
}
