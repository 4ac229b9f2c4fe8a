package io.pixelcnn.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Picks the reader for a dataset path: binary records when a record format is given, else a folder of image files or an IDX file. */
public final class ImageSources {

    private ImageSources() {
    }

    /**
     * @param channels colour channels to decode image files into (1 or 3); IDX files are grayscale
     * @param records  the record layout if the path holds fixed-size binary records, else null
     * @param limit    keep only the first {@code limit} images; 0 keeps all
     */
    public static ImageSource open(String path, int channels, RecordFormat records, long limit, Configuration conf) {
        if (path == null || path.isBlank()) {
            throw new BadInputException("no dataset path given");
        }
        if (records != null) {
            return RecordFileSource.open(path, records.shape(), records.labelBytes(), limit, conf);
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
