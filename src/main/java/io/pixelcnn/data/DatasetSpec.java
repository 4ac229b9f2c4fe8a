package io.pixelcnn.data;

import java.io.Serializable;

/**
 * Everything needed to read one dataset: where, how much, how it is stored and how its images are prepared.
 *
 * @param limit     the first images in the source's order to use; 0 uses all
 * @param labelling whether the images' classes are read too, for a class-conditional model
 */
public record DatasetSpec(String path, long limit, SourceFormat format, Preparation preparation, Labelling labelling)
        implements Serializable {

    public DatasetSpec {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        labelling = labelling == null ? Labelling.NONE : labelling;
    }

    /** An unconditional dataset: images only. */
    public DatasetSpec(String path, long limit, SourceFormat format, Preparation preparation) {
        this(path, limit, format, preparation, Labelling.NONE);
    }

    /** An IDX file or grayscale image folder at its own size, failing fast: the simplest dataset. */
    public static DatasetSpec of(String path, long limit) {
        return new DatasetSpec(path, limit, SourceFormat.auto(), Preparation.asFound(1));
    }

    public DatasetSpec withLimit(long newLimit) {
        return new DatasetSpec(path, newLimit, format, preparation, labelling);
    }

    public DatasetSpec withPreparation(Preparation newPreparation) {
        return new DatasetSpec(path, limit, format, newPreparation, labelling);
    }

    public DatasetSpec withPath(String newPath) {
        return new DatasetSpec(newPath, limit, format, preparation, labelling);
    }

    public DatasetSpec withLabelling(Labelling newLabelling) {
        return new DatasetSpec(path, limit, format, preparation, newLabelling);
    }
}
