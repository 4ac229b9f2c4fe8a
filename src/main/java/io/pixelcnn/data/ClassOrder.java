package io.pixelcnn.data;

/**
 * How a source's labels, carried as text from the executors, become class indices once one pass has
 * counted them. Decided by the source, not guessed from the values.
 */
public enum ClassOrder {
    /** IDX label files and record label bytes: the label is the class index, classes 0..largest seen. */
    INDEX,
    /** An integer column: the distinct values, in numeric order. */
    NUMBER,
    /** Class folders and string columns: the distinct names, in sorted order. */
    NAME
}
