package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.Labelling;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** Whether a run reads its images' classes, for a class-conditional model, and where a source needs telling. */
final class LabelOptions {

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.CONDITIONAL, negatable = true, paramLabel = "",
            description = "Train p(image | class): read each image's class where its corpus keeps it (the IDX label file beside an IDX image file, the label bytes of records, the first folder below a folder of images) and condition every layer on it; the classes are saved with the model.")
    boolean conditional;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.LABEL_COLUMN, paramLabel = "NAME",
            description = "A table's column of labels (string or integer); implies --conditional.")
    String labelColumn;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.CLASS_NAMES, paramLabel = "A,B,...",
            description = "Names of the class numbers of IDX label files and records, in order (blank: Fashion-MNIST's own label files by their classes, others by number).")
    String classNames;

    Labelling labelling() {
        List<String> names = classNames == null || classNames.isBlank() ? List.of()
                : Arrays.stream(classNames.split(",", -1)).map(String::trim).toList();
        try {
            return new Labelling(conditional, labelColumn, names);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
