package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.RecordFormat;
import io.pixelcnn.data.SourceFormat;
import picocli.CommandLine.Option;

/** How a dataset is stored: the options every command that reads images shares. */
final class StorageOptions {

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.DATA_FORMAT, paramLabel = "FORMAT", description = "auto (IDX file, Parquet/ORC table or image folder, recognised from the path), images, idx, or any Spark SQL source (parquet, orc, ...) with a column of encoded images.")
    String dataFormat;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.IMAGE_COLUMN, paramLabel = "NAME", description = "A table's column of encoded images: binary, or a struct with a binary 'bytes' field (Hugging Face exports); Spark's binaryFile 'content' is found by itself.")
    String imageColumn;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.RECORD_SHAPE, paramLabel = "CxHxW", description = "Read the data as fixed-size binary records of this image shape, e.g. 3x32x32 for CIFAR-10 (blank: not records).")
    String recordShape;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.RECORD_LABEL_BYTES, paramLabel = "N", description = "Label bytes before each record's pixels (CIFAR-10: 1, CIFAR-100: 2).")
    int recordLabelBytes;

    SourceFormat format() {
        try {
            return new SourceFormat(dataFormat, imageColumn, RecordFormat.parse(recordShape, recordLabelBytes));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
