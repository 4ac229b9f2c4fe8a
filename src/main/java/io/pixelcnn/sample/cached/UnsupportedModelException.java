package io.pixelcnn.sample.cached;

/** A model with a vertex the cached network cannot compute incrementally: the windowed sampler takes it. */
public final class UnsupportedModelException extends RuntimeException {

    UnsupportedModelException(String message) {
        super(message);
    }
}
