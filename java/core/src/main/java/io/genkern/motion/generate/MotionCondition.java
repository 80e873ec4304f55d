package io.genkern.motion.generate;

import io.genkern.GenkernException;

import java.util.List;

/**
 * What the motion denoiser conditions on, frame range by frame range: each span of frames
 * attends to its own clips. Neighbouring spans blend over a handshake of {@code handshake} frames
 * on each side of their boundary (DoubleTake's first-take blending), so a composed motion is one
 * continuous motion.
 */
public record MotionCondition(List<Span> spans, int handshake) {
    /** Frames [start, end) attend to the clips of {@code weights}. */
    public record Span(int start, int end, ClipWeights weights) {
        public Span {
            if (start < 0 || end <= start) throw new GenkernException("span [" + start + ", " + end + ") is empty or negative");
        }
    }

    public MotionCondition {
        if (spans.isEmpty()) throw new GenkernException("a motion condition needs at least one span");
        spans = List.copyOf(spans);
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i).start() != spans.get(i - 1).end()) {
                throw new GenkernException("spans must tile the motion: span " + i + " starts at " + spans.get(i).start()
                        + " but span " + (i - 1) + " ends at " + spans.get(i - 1).end());
            }
        }
        if (spans.get(0).start() != 0) throw new GenkernException("the first span must start at frame 0, not " + spans.get(0).start());
        if (handshake < 0) throw new GenkernException("handshake " + handshake + " is negative");
    }

    public static MotionCondition single(int frames, ClipWeights weights) {
        return new MotionCondition(List.of(new Span(0, frames, weights)), 0);
    }

    public int frames() {
        return spans.get(spans.size() - 1).end();
    }

    /** The weight of span s at frame t: 1 inside, linear ramps across each boundary's handshake. */
    double weight(int s, int t) {
        Span span = spans.get(s);
        double in = s == 0 || handshake == 0 ? (t >= span.start() ? 1 : 0)
                : clamp((t - (span.start() - handshake) + 0.5) / (2.0 * handshake));
        double out = s == spans.size() - 1 || handshake == 0 ? (t < span.end() ? 1 : 0)
                : clamp(((span.end() + handshake) - t - 0.5) / (2.0 * handshake));
        return Math.min(in, out);
    }

    /** Frames [first, last) that span s influences. */
    int first(int s) {
        return Math.max(0, spans.get(s).start() - (s == 0 ? 0 : handshake));
    }

    int last(int s) {
        return Math.min(frames(), spans.get(s).end() + (s == spans.size() - 1 ? 0 : handshake));
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
