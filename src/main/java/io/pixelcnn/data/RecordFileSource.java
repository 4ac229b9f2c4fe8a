package io.pixelcnn.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Images in fixed-size binary records, as in the CIFAR-10 binary format: each record is
 * {@code labelBytes} label bytes (the last of them the class, when labels are read) followed by the pixels,
 * channel-major ({@code C x H x W}, e.g. 1024 red, 1024 green, 1024 blue bytes). The path is a file, a
 * folder of such files, or a glob ({@code data_batch_*.bin}); files are taken in name order.
 */
final class RecordFileSource {

    private RecordFileSource() {
    }

    static ImageSource open(String path, ImageShape shape, int labelBytes, Configuration conf, boolean labelled) {
        if (labelled && labelBytes == 0) {
            throw new BadInputException(path + ": record-label-bytes is 0, so the records carry no labels");
        }
        int recordBytes = labelBytes + shape.dims();
        String format = String.format("%d-byte records (%s after %d label byte%s)", recordBytes, shape, labelBytes,
                labelBytes == 1 ? "" : "s");
        List<FixedRecordSource.Part> parts = new ArrayList<>();
        for (FileStatus file : files(path, conf)) {
            String name = file.getPath().toString();
            if (file.getLen() % recordBytes != 0) {
                throw new BadInputException(String.format("%s: %d bytes is not a whole number of %s",
                        DataFiles.displayName(name), file.getLen(), format));
            }
            long records = file.getLen() / recordBytes;
            parts.add(new FixedRecordSource.Part(name, 0, records, "expected " + records + " " + format, false));
        }
        if (parts.isEmpty()) {
            throw new BadInputException(path + ": no record files");
        }
        return new FixedRecordSource(path, parts, labelBytes, shape, conf,
                labelled ? FixedRecordSource.Labels.RECORDS : FixedRecordSource.Labels.NONE);
    }

    private static List<FileStatus> files(String path, Configuration conf) {
        Path given = new Path(path);
        try {
            FileSystem fs = given.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(given);
            if (matches == null || matches.length == 0) {
                throw new BadInputException(path + ": no such file or directory");
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    for (FileStatus inner : fs.listStatus(match.getPath())) {
                        if (inner.isFile() && !DataFiles.isHidden(inner.getPath())) {
                            files.add(inner);
                        }
                    }
                } else if (!DataFiles.isHidden(match.getPath())) {
                    files.add(match);
                }
            }
            files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
            return files;
        } catch (IOException | IllegalArgumentException e) {
            throw DataFiles.unreadable(path, "list", e);
        }
    }
}
