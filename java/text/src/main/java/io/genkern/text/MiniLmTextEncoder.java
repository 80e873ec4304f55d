package io.genkern.text;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384-d, L2-normalised), run offline through ONNX Runtime
 * from Maven Central jars (langchain4j's packaging of the model): nothing is downloaded at run time.
 * Loading takes about a second; one instance serves any number of threads.
 */
public final class MiniLmTextEncoder implements TextEncoder {
    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    /**
     * Loads the encoder on a thread of its own while the caller goes on; the supplier returned
     * waits for it (and throws what the load threw). The JVM's exit (an error, Ctrl-C) waits for
     * the load to end: ONNX Runtime still loading its native library while the JVM shuts down
     * crashes the process (SIGSEGV, an hs_err log).
     */
    public static Supplier<MiniLmTextEncoder> loadInBackground() {
        CompletableFuture<MiniLmTextEncoder> encoder = new CompletableFuture<>();
        Thread[] exitWaits = new Thread[1];
        Thread loader = new Thread(() -> {
            try {
                encoder.complete(new MiniLmTextEncoder());
            } catch (Throwable t) {
                encoder.completeExceptionally(t);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(exitWaits[0]); // loaded: nothing to wait for (no hook piles up in a service)
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and returns at once
                }
            }
        }, "genkern-text-encoder-load");
        exitWaits[0] = new Thread(() -> {
            try {
                loader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "genkern-text-encoder-exit");
        Runtime.getRuntime().addShutdownHook(exitWaits[0]);
        loader.start();
        return () -> {
            try {
                return encoder.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        };
    }

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
