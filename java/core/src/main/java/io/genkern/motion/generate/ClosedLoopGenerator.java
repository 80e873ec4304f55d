package io.genkern.motion.generate;

import io.genkern.GenkernException;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.RigidBones;
import io.genkern.motion.Skeleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLoSD-style closed-loop generation: a planner generates {@value #PLAN} frames (2 s) from a context
 * of the last {@value #CONTEXT} executed frames (held fixed by inpainting), a {@link Tracker}
 * executes the plan, and the next plan starts from what was actually executed, not from what was
 * planned. Each plan lives in its own canonical frame; a rigid yaw-and-translation fit of its
 * context frames onto the executed ones puts it in the world.
 */
public final class ClosedLoopGenerator {
    public static final int CONTEXT = 20, PLAN = 40;

    private final MotionGenerator generator;
    private final Tracker tracker;

    public ClosedLoopGenerator(MotionGenerator generator, Tracker tracker) {
        this.generator = generator;
        this.tracker = tracker;
    }

    /**
     * Generates the request's parts one plan at a time (one sample). A control is followed plan by
     * plan, each plan taking its frames of it; where the executed context is fixed, the context wins.
     */
    public MotionGenerator.Result generate(MotionGenerator.Request request) {
        if (request.samples != 1) throw new GenkernException("closed-loop generation makes one motion at a time, not " + request.samples);
        long start = System.nanoTime();
        long denoiser = 0, attention = 0, decode = 0;
        int total = request.frames();
        List<float[][]> executed = new ArrayList<>();
        int round = 0;
        double[] bones = null;
        while (executed.size() < total) {
            int context = executed.isEmpty() ? 0 : Math.min(CONTEXT, executed.size() - 1);
            int planned = Math.min(PLAN, total - executed.size());
            int window = context + planned;
            int globalStart = executed.size() - context;
            MotionGenerator.Request.Builder b = MotionGenerator.Request.builder().seed(request.seed + 7919L * round).steps(request.steps)
                    .sampler(request.sampler).schedule(request.schedule).spacing(request.spacing).guidance(request.guidance)
                    .handshake(Math.min(request.handshake, 5)).secondTake(false).startStrength(request.startStrength);
            for (MotionGenerator.Part p : partsIn(request.parts, globalStart, window)) b.part(p.weights(), p.frames(), p.label());
            float[][][] contextPositions = null;
            if (context > 0) {
                contextPositions = executed.subList(executed.size() - context - 1, executed.size()).toArray(float[][][]::new);
                float[][] contextFeatures = HumanMl3d.toFeatures(contextPositions); // context frames
                float[][] mask = new float[window][HumanMl3d.FEATURES], known = new float[window][HumanMl3d.FEATURES];
                for (int t = 0; t < context; t++) {
                    Arrays.fill(mask[t], 1);
                    known[t] = contextFeatures[t];
                }
                MotionControl executedContext = new MotionControl(mask, known, "executed context");
                b.control(request.control == null ? executedContext : executedContext.and(slice(request.control, globalStart, window)));
            } else if (request.control != null) {
                b.control(slice(request.control, globalStart, window));
            }
            MotionGenerator.Result plan = generator.generate(b.build());
            denoiser += plan.timing().denoiserNanos();
            attention += plan.timing().attentionNanos();
            decode += plan.timing().decodeNanos();
            // Every round on the first round's bones: the figure keeps one size over the whole motion.
            if (bones == null) bones = RigidBones.medianLengths(plan.positions().get(0), Skeleton.smpl22());
            float[][][] canonical = RigidBones.withLengths(plan.positions().get(0), Skeleton.smpl22(), bones);
            float[][][] world = contextPositions == null ? canonical : align(canonical, contextPositions, context);
            float[][][] next = Arrays.copyOfRange(world, context, window);
            float[][][] done = executed.toArray(float[][][]::new);
            for (float[][] frame : tracker.track(next, done)) executed.add(frame);
            round++;
        }
        float[][][] positions = executed.toArray(float[][][]::new);
        float[][] features = HumanMl3d.toFeaturesEveryFrame(positions);
        return new MotionGenerator.Result(List.<float[][]>of(features), List.<float[][][]>of(positions),
                new MotionGenerator.Timing(System.nanoTime() - start, denoiser, attention, 0, decode));
    }

    /** The request's parts cut to global frames [from, from + length), relabelled from 0. */
    private static List<MotionGenerator.Part> partsIn(List<MotionGenerator.Part> parts, int from, int length) {
        List<MotionGenerator.Part> out = new ArrayList<>();
        int at = 0;
        for (MotionGenerator.Part p : parts) {
            int lo = Math.max(at, from), hi = Math.min(at + p.frames(), from + length);
            if (hi > lo) out.add(new MotionGenerator.Part(p.weights(), hi - lo, p.label()));
            at += p.frames();
        }
        return out;
    }

    /**
     * Moves a plan from its canonical frame into the world: the yaw rotation and translation that
     * best map its first {@code context} frames onto the last executed ones (least squares over all
     * joints, Y kept apart as a plain offset).
     */
    static float[][][] align(float[][][] plan, float[][][] executedContext, int context) {
        // executedContext has context + 1 frames; the plan's frame t matches executedContext[t].
        double mpx = 0, mpz = 0, mex = 0, mez = 0, mpy = 0, mey = 0;
        int n = 0;
        for (int t = 0; t < context; t++) {
            for (int j = 0; j < plan[t].length; j++) {
                mpx += plan[t][j][0];
                mpz += plan[t][j][2];
                mpy += plan[t][j][1];
                mex += executedContext[t][j][0];
                mez += executedContext[t][j][2];
                mey += executedContext[t][j][1];
                n++;
            }
        }
        mpx /= n; mpz /= n; mex /= n; mez /= n; mpy /= n; mey /= n;
        double sxx = 0, sxz = 0;
        for (int t = 0; t < context; t++) {
            for (int j = 0; j < plan[t].length; j++) {
                double px = plan[t][j][0] - mpx, pz = plan[t][j][2] - mpz;
                double ex = executedContext[t][j][0] - mex, ez = executedContext[t][j][2] - mez;
                sxx += px * ex + pz * ez;
                sxz += px * ez - pz * ex;
            }
        }
        double theta = Math.atan2(sxz, sxx), c = Math.cos(theta), s = Math.sin(theta), dy = mey - mpy;
        float[][][] out = new float[plan.length][][];
        for (int t = 0; t < plan.length; t++) {
            out[t] = new float[plan[t].length][];
            for (int j = 0; j < plan[t].length; j++) {
                double px = plan[t][j][0] - mpx, pz = plan[t][j][2] - mpz;
                out[t][j] = new float[] {(float) (mex + c * px - s * pz), (float) (plan[t][j][1] + dy), (float) (mez + s * px + c * pz)};
            }
        }
        return out;
    }

    /** Frames [from, from + length) of a control. */
    private static MotionControl slice(MotionControl control, int from, int length) {
        return new MotionControl(Arrays.copyOfRange(control.mask(), from, from + length), Arrays.copyOfRange(control.known(), from, from + length),
                control.describe() + " (frames " + from + "–" + (from + length) + ")");
    }
}
