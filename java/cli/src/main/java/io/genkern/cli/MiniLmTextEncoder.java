package io.genkern.cli;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.genkern.text.TextEncoder;

import java.util.ArrayList;
import java.util.List;

/** all-MiniLM-L6-v2 sentence embeddings (384-d), run offline through ONNX Runtime from Maven Central jars. */
final class MiniLmTextEncoder implements TextEncoder {
    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public List<float[]> embed(List<String> sentences) {
        List<TextSegment> segments = sentences.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            float[] v = e.vector();
            double norm = 0;
            for (float x : v) norm += x * x;
            float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-24)));
            for (int i = 0; i < v.length; i++) v[i] *= inv;
            out.add(v);
        }
        return out;
    }

    @Override
    public String name() {
        return "all-MiniLM-L6-v2";
    }
}
