package io.pixelcnn.data;

import java.io.Serializable;

/**
 * One image as a source hands it over before the dataset is mixed across partitions: either the image
 * itself, already prepared where it was read ({@link PreparedImage}), or where to read it
 * ({@link FileItem}), so that a corpus of small files moves through the shuffle as names, not bytes.
 */
public abstract class SourceItem implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The image, decoded, fitted and checked by {@code preparer}. */
    abstract PreparedImage prepare(ImagePreparer preparer);
}
