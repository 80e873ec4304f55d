package io.genkern.cli;

import io.genkern.Backend;
import io.genkern.io.CacheDirs;
import io.genkern.motion.MotionClip;
import io.genkern.motion.generate.ActionClassifier;
import io.genkern.motion.generate.KinematicTracker;
import io.genkern.motion.generate.MotionGenerator;
import io.genkern.motion.generate.MotionPipeline;
import io.genkern.motion.generate.MotionPrior;
import io.genkern.motion.generate.PromptMatcher;
import io.genkern.motion.generate.PromptPlan;
import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.ActionExtent;
import io.genkern.motion.metrics.LibraryReference;
import io.genkern.motion.metrics.MotionMetrics;
import io.genkern.motion.metrics.MotionWindows;
import io.genkern.motion.metrics.SetMetrics;
import io.genkern.text.MiniLmTextEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code genkern motion-eval}: the measured quality of text-to-motion on a fixed prompt set — does a
 * nearest-neighbour classifier over library windows see the prompted action, how do foot skating
 * and floor penetration compare with the library's own clips, are motions new (novelty) and do
 * seeds differ (diversity), do composed motions' transitions stay below the library's speeds, and
 * does every seed do the whole action (travel speed, squat and jump depth against the library's
 * clips, on the tuning prompts and on a held-out list).
 */
@Command(name = "motion-eval", mixinStandardHelpOptions = true,
        description = "Measure text-to-motion quality on a fixed set of prompts (action accuracy, skating, penetration, novelty, diversity, transitions).")
final class MotionEvalCommand implements Runnable {
    /** Prompt → expected action of each part (composed prompts list one action per part). */
    static final List<String[]> PROMPTS = List.of(
            new String[] {"a person walks forward", "walk"},
            new String[] {"someone jogs at an easy pace", "jog"},
            new String[] {"a man runs fast", "run"},
            new String[] {"a person walks backwards slowly", "walk_backwards"},
            new String[] {"a person side steps to the left", "side_step"},
            new String[] {"a person turns around to the left", "turn_left"},
            new String[] {"someone turns to the right", "turn_right"},
            new String[] {"a soldier marches forward", "march"},
            new String[] {"a person jumps up and down in place", "jump_in_place"},
            new String[] {"someone hops forward with both feet", "hop_forward"},
            new String[] {"a person does squats", "squat"},
            new String[] {"a person kicks with the right leg", "kick"},
            new String[] {"a man bows politely", "bow"},
            new String[] {"a person stands still and waits", "idle"},
            new String[] {"a boxer throws punches", "punch"},
            new String[] {"a person waves with the left hand", "wave_left"},
            new String[] {"someone waves the right hand", "wave_right"},
            new String[] {"a person waves both hands", "wave_both"},
            new String[] {"a woman claps her hands", "clap"},
            new String[] {"a person does arm circles", "arm_circles"},
            new String[] {"a person walks forward, then waves with the right hand", "walk", "wave_right"},
            new String[] {"jog 3 s; jump in place 3 s; clap 3 s", "jog", "jump_in_place", "clap"});

    @Option(names = "--steps", defaultValue = "" + MotionGenerator.Request.DEFAULT_STEPS, description = "Sampling steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", defaultValue = "" + MotionGenerator.Request.DEFAULT_GUIDANCE, description = "Guidance scale (default ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds for the diversity measurement (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--extent-seeds", defaultValue = "5",
            description = "Seeds per prompt for the 'every seed does the whole action' measurement (default ${DEFAULT-VALUE}; 20 for the full measure; 0 skips it).")
    int extentSeeds;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOption.resolve();
        MotionLibrary library = MotionLibrary.standard(0);
        MotionPrior prior = new MotionPrior(library);
        MiniLmTextEncoder encoder = new MiniLmTextEncoder();
        PromptMatcher matcher = new PromptMatcher(library, encoder, CacheDirs.genkern());
        ActionClassifier classifier = new ActionClassifier(library);
        LibraryReference reference = LibraryReference.measure(library.clips(), 0);
        MotionWindows libraryWindows = new MotionWindows(library.clips().stream().map(MotionClip::positions).toList(),
                SetMetrics.WINDOW, SetMetrics.WINDOW / 4);
        double libraryPeakSpeed = peakSpeed(library.clips().stream().map(MotionClip::positions).toList(), 0, Integer.MAX_VALUE);
        KinematicTracker tracker = new KinematicTracker();
        int correct = 0, judged = 0;
        double skate = 0, rawSkate = 0, penetration = 0, worstTransition = 0, referenceSkate = 0, referencePenetration = 0;
        double jitter = 0, rawJitter = 0, referenceJitter = 0;
        long nanos = 0;
        List<float[][][]> generated = new ArrayList<>();
        out.printf(Locale.ROOT, "%-58s %-28s %-28s %9s %9s %7s%n", "prompt", "expected", "classified", "skate", "penetr.", "s");
        try (MotionGenerator generator = new MotionGenerator(prior, backend)) {
            for (String[] p : PROMPTS) {
                List<PromptPlan.Part> parts = PromptPlan.parse(p[0], null, MotionLibrary.FPS);
                MotionGenerator.Request.Builder request = MotionGenerator.Request.builder().steps(steps).guidance(guidance).seed(1);
                for (PromptPlan.Part part : parts) request.part(matcher.match(part.text()).weights(), part.frames(), part.text());
                MotionGenerator.Result r = generator.generate(request.build());
                nanos += r.timing().totalNanos();
                float[][][] motion = tracker.track(r.positions().get(0), new float[0][][]);
                generated.add(motion);
                List<String> classified = new ArrayList<>();
                int at = 0;
                for (int i = 0; i < parts.size(); i++) {
                    // Judge each part away from its transitions, as far as the classifier's window allows.
                    int margin = Math.max(0, Math.min(10, (parts.get(i).frames() - ActionClassifier.WINDOW - 1) / 2));
                    int from = at + (i == 0 ? 0 : margin), to = at + parts.get(i).frames() - (i == parts.size() - 1 ? 0 : margin);
                    String label = classifier.classify(motion, from, Math.min(to, motion.length));
                    classified.add(label);
                    judged++;
                    if (label.equals(p[i + 1])) correct++;
                    if (i > 0) worstTransition = Math.max(worstTransition, peakSpeed(List.<float[][][]>of(motion), at - 10, at + 10));
                    at += parts.get(i).frames();
                }
                double s = MotionMetrics.footSkating(motion, MotionLibrary.FPS), pen = MotionMetrics.floorPenetration(motion, 0);
                skate += s / PROMPTS.size();
                rawSkate += MotionMetrics.footSkating(r.positions().get(0), MotionLibrary.FPS) / PROMPTS.size();
                jitter += MotionMetrics.jitter(motion, MotionLibrary.FPS) / PROMPTS.size();
                rawJitter += MotionMetrics.jitter(r.positions().get(0), MotionLibrary.FPS) / PROMPTS.size();
                penetration += pen / PROMPTS.size();
                // The yardstick: the library's own clips of the same actions, weighted like the parts.
                for (int i = 0; i < parts.size(); i++) {
                    LibraryReference.Row row = reference.row(p[i + 1]);
                    double share = parts.get(i).frames() / (double) motion.length / PROMPTS.size();
                    referenceSkate += row.footSkating() * share;
                    referencePenetration += row.floorPenetration() * share;
                    referenceJitter += row.jitter() * share;
                }
                out.printf(Locale.ROOT, "%-58s %-28s %-28s %9.4f %9.5f %7.2f%n", "'" + p[0] + "'", String.join(",", List.of(p).subList(1, p.length)),
                        String.join(",", classified), s, pen, r.timing().totalNanos() / 1e9);
                out.flush();
            }
            List<float[][][]> sameprompt = new ArrayList<>();
            for (int seed = 0; seed < seeds; seed++) {
                MotionGenerator.Result r = generator.generate(MotionGenerator.Request.builder().steps(steps).guidance(guidance).seed(100 + seed)
                        .part(matcher.match("a person walks forward").weights(), 120, "walk").build());
                sameprompt.add(tracker.track(r.positions().get(0), new float[0][][]));
            }
            double diversity = SetMetrics.diversity(sameprompt, 0);
            double novelty = SetMetrics.novelty(generated, libraryWindows);
            out.println();
            out.printf(Locale.ROOT, "action accuracy (nearest-neighbour classifier over library windows): %d / %d = %.1f%%%n", correct, judged,
                    100.0 * correct / judged);
            out.printf(Locale.ROOT, "foot skating: generated %.4f m/s vs the library's clips of the same actions %.4f m/s (ratio %.2f; all clips %.4f)%n",
                    skate, referenceSkate, skate / referenceSkate, reference.overall().footSkating());
            out.printf(Locale.ROOT, "  as decoded, before the kinematic tracker: %.4f m/s (ratio %.2f)%n", rawSkate, rawSkate / referenceSkate);
            out.printf(Locale.ROOT, "jitter: generated %.1f m/s³ (%.1f before the tracker) vs the library's clips of the same actions %.1f m/s³%n",
                    jitter, rawJitter, referenceJitter);
            out.printf(Locale.ROOT, "floor penetration: generated %.5f m vs the library's clips of the same actions %.5f m%n", penetration,
                    referencePenetration);
            out.printf(Locale.ROOT, "novelty (mean distance of generated windows to the nearest library window): %.4f m%n", novelty);
            out.printf(Locale.ROOT, "diversity across %d seeds of one prompt: %.4f m%n", seeds, diversity);
            out.printf(Locale.ROOT, "transitions: peak joint speed %.2f m/s vs library maximum %.2f m/s%n", worstTransition, libraryPeakSpeed);
            out.printf(Locale.ROOT, "generation time: %.1f s for %d prompts on %s (%.2f s each)%n", nanos / 1e9, PROMPTS.size(),
                    backend.description(), nanos / 1e9 / PROMPTS.size());
            out.flush();
            if (extentSeeds > 0) {
                out.printf(Locale.ROOT, "%nevery seed does the whole action: each action's amplitude (ActionExtent) over %d seeds × %.0f s against the"
                        + " library's clips of it; goal: >= %.0f%% of seeds inside the library's range, none below half its least (idle: above twice its"
                        + " most), none frozen (joints slower than half the library's stillest clip)%n", extentSeeds, EXTENT_FRAMES / MotionLibrary.FPS,
                        100 * EXTENT_INSIDE_SHARE);
                out.printf(Locale.ROOT, "  %-9s %-46s %-15s %-28s %-23s %-23s %7s %5s %7s%n", "list", "prompt", "action", "amplitude",
                        "library min/med/max", "generated min/med/max", "inside", "far", "frozen");
                List<String[]> tuning = PROMPTS.stream().filter(p -> p.length == 2).toList();
                // As users get them: through the pipeline (one side per part, turns and circles from the words, the tracker).
                try (MotionPipeline pipeline = new MotionPipeline(library, backend, () -> encoder, CacheDirs.genkern())) {
                    for (String[] list : new String[][] {{"tuning", null}, {"held-out", "in-library-held-out.txt"}}) {
                        List<String[]> prompts = list[1] == null ? tuning : promptList(list[1]);
                        int met = 0;
                        for (String[] p : prompts) {
                            ActionExtent.Measure measure = ActionExtent.forAction(p[1]);
                            ActionExtent.Range lib = ActionExtent.library(library, p[1]);
                            double stillest = ActionExtent.stillest(library, p[1]);
                            double[] values = new double[extentSeeds];
                            int inside = 0, far = 0, frozen = 0;
                            for (int seed = 0; seed < extentSeeds; seed++) {
                                float[][][] motion = pipeline.generate(MotionPipeline.Request.prompt(p[0]).seconds(EXTENT_FRAMES / MotionLibrary.FPS)
                                        .steps(steps).guidance(guidance).seed(1 + seed).build(), w -> {}).positions().get(0);
                                double v = measure.of(motion, MotionLibrary.FPS);
                                values[seed] = v;
                                if (lib.contains(v)) inside++;
                                if (measure.lessIsMore() ? v > 2 * lib.max() : v < lib.min() / 2) far++;
                                if (!p[1].equals("idle") && ActionExtent.frozen(motion, MotionLibrary.FPS, stillest)) frozen++;
                            }
                            ActionExtent.Range gen = ActionExtent.Range.of(values);
                            boolean ok = inside >= EXTENT_INSIDE_SHARE * extentSeeds && far == 0 && frozen == 0;
                            if (ok) met++;
                            out.printf(Locale.ROOT, "  %-9s %-46s %-15s %-28s %6.2f/%6.2f/%6.2f    %6.2f/%6.2f/%6.2f    %3d/%-3d %5d %7d  %s%n",
                                    list[0], "'" + p[0] + "'", p[1], measure.name() + " (" + measure.unit() + ")", lib.min(), lib.median(), lib.max(),
                                    gen.min(), gen.median(), gen.max(), inside, extentSeeds, far, frozen, ok ? "met" : "NOT met");
                            out.flush();
                        }
                        out.printf(Locale.ROOT, "  %s: %d / %d actions met%n", list[0], met, prompts.size());
                    }
                }
            }
        }
    }

    static final int EXTENT_FRAMES = 80;
    static final double EXTENT_INSIDE_SHARE = 0.95;

    /** A prompt list shipped with the CLI: "prompt | expected action" per line, '#' comments. */
    static List<String[]> promptList(String resource) {
        try (var in = MotionEvalCommand.class.getResourceAsStream("/prompts/" + resource)) {
            if (in == null) throw new IllegalStateException("the prompt list " + resource + " is missing from the jar");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s*\\|\\s*")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Largest per-frame joint speed (m/s) over frames [from, to) of the motions. */
    static double peakSpeed(List<float[][][]> motions, int from, int to) {
        double peak = 0;
        for (float[][][] m : motions) {
            for (int t = Math.max(1, from); t < Math.min(m.length, to); t++) {
                for (int j = 0; j < m[t].length; j++) {
                    double dx = m[t][j][0] - m[t - 1][j][0], dy = m[t][j][1] - m[t - 1][j][1], dz = m[t][j][2] - m[t - 1][j][2];
                    peak = Math.max(peak, Math.sqrt(dx * dx + dy * dy + dz * dz) * MotionLibrary.FPS);
                }
            }
        }
        return peak;
    }
}
