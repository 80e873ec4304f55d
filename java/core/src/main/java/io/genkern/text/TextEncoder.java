package io.genkern.text;

import java.util.List;

/**
 * Turns sentences into unit-length embedding vectors whose dot products measure similarity. The
 * core library only defines the interface; the CLI module ships an all-MiniLM-L6-v2 implementation
 * (ONNX Runtime, fully offline), so the heavy dependency stays out of genkern-core.
 */
public interface TextEncoder {
    /** Embedding size. */
    int dimension();

    /** One unit-length vector per sentence, in order. */
    List<float[]> embed(List<String> sentences);

    /** A short name for reports and cache keys, e.g. "all-MiniLM-L6-v2". */
    String name();
}
