package io.pixelcnn.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a layer's working arrays come from: DL4J's workspace of one {@link ArrayType}, so that arrays
 * made every minibatch reuse the same memory instead of waiting for the garbage collector.
 */
public record Scratch(LayerWorkspaceMgr workspaces, ArrayType type, DataType dataType) {

    /** Row-major, contents undefined: for arrays every element of which is written before it is read. */
    public INDArray uninitialized(long... shape) {
        return workspaces.createUninitialized(type, dataType, shape, 'c');
    }

    public INDArray zeros(long... shape) {
        return workspaces.create(type, dataType, shape, 'c');
    }
}
