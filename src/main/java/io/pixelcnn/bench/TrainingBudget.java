package io.pixelcnn.bench;

/**
 * When the budget run stops taking slices of the training set: after a time (the quality-at-a-budget
 * figure) or after a number of images (the quality-at-equal-images figure). One training loop asks it, so
 * the two figures differ in their stop rule only.
 */
sealed interface TrainingBudget {

    /** Whether another slice is trained, after {@code seconds} of training, the last slice's {@code lastSlice} and {@code images} so far. */
    boolean another(double seconds, double lastSlice, long images);

    /** The most images the next slice may hold after {@code images} so far (the slice is cut to it). */
    long nextAtMost(long images);

    /** As many slices as fit into {@code seconds}: the next is taken while it would still end in time, judged by the last. */
    record Seconds(int seconds) implements TrainingBudget {
        @Override
        public boolean another(double spent, double lastSlice, long images) {
            return spent + lastSlice <= seconds;
        }

        @Override
        public long nextAtMost(long images) {
            return Long.MAX_VALUE;
        }
    }

    /** Exactly {@code images} training images, however long they take: the last slice is cut to what is left. */
    record Images(long images) implements TrainingBudget {
        @Override
        public boolean another(double spent, double lastSlice, long trained) {
            return trained < images;
        }

        @Override
        public long nextAtMost(long trained) {
            return images - trained;
        }
    }
}
