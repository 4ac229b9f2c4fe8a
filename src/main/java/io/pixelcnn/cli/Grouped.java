package io.pixelcnn.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code --help} section of the option declared on this field: one line beside each {@code @Option},
 * so a new option names its section where it is declared ({@code GroupedHelpTest} fails for one that does not).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Grouped {
    OptionGroup value();
}
