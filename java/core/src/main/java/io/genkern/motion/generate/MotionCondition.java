package io.genkern.motion.generate;

import io.genkern.GenkernException;

import java.util.List;

/**
 * What the motion denoiser conditions on, frame range by frame range: each span of frames
 * attends to its own clips. Neighbouring spans blend over a handshake of up to {@code handshake}
 * frames on each side of their boundary (DoubleTake's first-take blending), so a composed motion is
 * one continuous motion; a short span is blended over at most a quarter of its length at each end,
 * so that its middle stays its own (a 1 s jump between a walk and a wave was blended away).
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

    /** Frames blended on each side of the boundary where span s starts (s ≥ 1). */
    public int handshake(int s) {
        if (s < 1 || s >= spans.size()) throw new GenkernException("span " + s + " has no boundary before it");
        int shorter = Math.min(length(s - 1), length(s));
        return Math.min(handshake, shorter / SHORT_SPAN_BLEND_DIVISOR);
    }

    /** A span blends over at most 1/4 of its length at each end. */
    private static final int SHORT_SPAN_BLEND_DIVISOR = 4;

    private int length(int s) {
        return spans.get(s).end() - spans.get(s).start();
    }

    /** The weight of span s at frame t: 1 inside, linear ramps across each boundary's handshake. */
    double weight(int s, int t) {
        Span span = spans.get(s);
        int before = s == 0 ? 0 : handshake(s), after = s == spans.size() - 1 ? 0 : handshake(s + 1);
        double in = before == 0 ? (t >= span.start() ? 1 : 0) : clamp((t - (span.start() - before) + 0.5) / (2.0 * before));
        double out = after == 0 ? (t < span.end() ? 1 : 0) : clamp(((span.end() + after) - t - 0.5) / (2.0 * after));
        return Math.min(in, out);
    }

    /** Frames [first, last) that span s influences. */
    int first(int s) {
        return Math.max(0, spans.get(s).start() - (s == 0 ? 0 : handshake(s)));
    }

    int last(int s) {
        return Math.min(frames(), spans.get(s).end() + (s == spans.size() - 1 ? 0 : handshake(s + 1)));
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
