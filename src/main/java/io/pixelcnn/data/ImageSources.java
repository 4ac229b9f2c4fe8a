package io.pixelcnn.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Picks the reader for a dataset path: a folder holds image files, a file is IDX. */
public final class ImageSources {

    private ImageSources() {
    }

    /**
     * @param channels colour channels to decode image files into (1 or 3); IDX files are grayscale
     * @param limit    keep only the first {@code limit} images; 0 keeps all
     */
    public static ImageSource open(String path, int channels, long limit, Configuration conf) {
        if (path == null || path.isBlank()) {
            throw new BadInputException("no dataset path given");
        }
        if (channels != 1 && channels != 3) {
            throw new BadInputException(path + ": channels must be 1 or 3, got " + channels);
        }
        if (DataFiles.status(new Path(path), conf).isDirectory()) {
            return ImageFolderSource.open(path, channels, limit, conf);
        }
        return IdxImageSource.open(path, limit, conf);
    }
}
