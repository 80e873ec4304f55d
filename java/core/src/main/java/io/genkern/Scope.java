package io.genkern;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Releases every tensor allocated inside it on this thread when it closes:
 * <pre>{@code
 * try (Scope scope = Scope.open()) {
 *     Tensor q = backend.allocate(DType.BF16, 1, 8, 1024, 64);
 *     ...
 *     result = scope.keep(out);   // survives the scope; the caller closes it
 * }
 * }</pre>
 * Scopes nest; a tensor belongs to the innermost scope open on the thread that allocated it.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Deque<Scope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private Scope() {}

    public static Scope open() {
        Scope s = new Scope();
        OPEN.get().push(s);
        return s;
    }

    static void register(AutoCloseable resource) {
        Scope s = OPEN.get().peek();
        if (s != null) s.resources.add(resource);
    }

    /** Takes a resource out of this scope so that it outlives it; returns it. */
    public <T extends AutoCloseable> T keep(T resource) {
        if (!resources.remove(resource)) throw new GenkernException(resource + " does not belong to this scope");
        return resource;
    }

    /** Adds any closeable (a stream, a wrapped tensor) to this scope. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes everything in reverse allocation order; the first failure is thrown after all were tried. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread) throw new GenkernException("a scope must be closed by the thread that opened it");
        closed = true;
        Deque<Scope> open = OPEN.get();
        if (open.peek() != this) throw new GenkernException("scopes must be closed innermost first");
        open.pop();
        RuntimeException first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException r ? r : new GenkernException("close failed", e);
            }
        }
        resources.clear();
        if (first != null) throw first;
    }
}
