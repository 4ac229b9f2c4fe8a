package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.sample.cached.UnsupportedModelException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which sampler a model gets: the cached one where every vertex has a cached form, else the windowed one. */
public final class Samplers {

    private static final Logger log = LoggerFactory.getLogger(Samplers.class);

    private Samplers() {
    }

    public static ImageGenerator forModel(ComputationGraph model, ImageShape shape, int batchSize) {
        try {
            return new CachedSampler(model, shape, batchSize);
        } catch (UnsupportedModelException e) {
            log.info("windowed sampler ({})", e.getMessage());
            return new Sampler(model, shape, batchSize);
        }
    }
}
