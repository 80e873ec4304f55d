package io.genkern.motion.metrics;

import io.genkern.motion.MotionClip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reference values of every metric, measured on a collection of clips (normally the procedural
 * library): per action and overall means of the per-clip metrics, the collection's diversity, and a
 * leave-one-out novelty (each sampled clip against all the others), which tells how far apart
 * neighbouring clips lie and so what "novel" means for generated motion.
 */
public record LibraryReference(List<Row> rows, Row overall, double diversity, double novelty, int noveltyClips) {

    /** Mean metrics of the clips of one action (or of all clips). */
    public record Row(String action, int clips, long frames, double footSkating, double floorPenetration, double jitter,
                      double boneLengthChange) {}

    /** Measures {@code clips}; {@code noveltySamples} clips (spread evenly) are used for the leave-one-out novelty. */
    public static LibraryReference measure(List<MotionClip> clips, int noveltySamples) {
        double[][] perClip = clips.parallelStream().map(c -> new double[] {
            MotionMetrics.footSkating(c.positions(), c.fps()),
            MotionMetrics.floorPenetration(c.positions(), 0),
            MotionMetrics.jitter(c.positions(), c.fps()),
            MotionMetrics.boneLengthChange(c.positions())
        }).toArray(double[][]::new);
        Map<String, List<Integer>> byAction = new LinkedHashMap<>();
        for (int i = 0; i < clips.size(); i++) byAction.computeIfAbsent(clips.get(i).action(), k -> new ArrayList<>()).add(i);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byAction.entrySet()) rows.add(row(e.getKey(), e.getValue(), clips, perClip));
        Row overall = row("all", IntStream.range(0, clips.size()).boxed().toList(), clips, perClip);

        List<float[][][]> motions = clips.stream().map(MotionClip::positions).toList();
        double diversity = SetMetrics.diversity(motions, 0);
        int samples = Math.min(noveltySamples, clips.size());
        double novelty = Double.NaN;
        if (samples > 0) {
            MotionWindows reference = new MotionWindows(motions, SetMetrics.WINDOW, SetMetrics.WINDOW / 4);
            List<float[][][]> probe = new ArrayList<>();
            int[] excluded = new int[samples];
            for (int k = 0; k < samples; k++) {
                excluded[k] = (int) ((long) k * clips.size() / samples);
                probe.add(motions.get(excluded[k]));
            }
            novelty = SetMetrics.novelty(probe, reference, excluded);
        }
        return new LibraryReference(List.copyOf(rows), overall, diversity, novelty, samples);
    }

    /** The row of one action label. */
    public Row row(String action) {
        for (Row r : rows) if (r.action().equals(action)) return r;
        throw new io.genkern.GenkernException("no clips of action '" + action + "' in this reference");
    }

    private static Row row(String action, List<Integer> members, List<MotionClip> clips, double[][] perClip) {
        double[] mean = new double[4];
        long frames = 0;
        for (int i : members) {
            for (int k = 0; k < 4; k++) mean[k] += perClip[i][k] / members.size();
            frames += clips.get(i).frames();
        }
        return new Row(action, members.size(), frames, mean[0], mean[1], mean[2], mean[3]);
    }

    /** A plain-text table: one line per action, then the overall line and the set metrics. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s %5s %7s %12s %12s %12s %12s%n", "action", "clips", "frames",
                "skate m/s", "penetr. m", "jitter m/s3", "bone change"));
        for (Row r : rows) appendRow(sb, r);
        appendRow(sb, overall);
        sb.append(String.format(Locale.ROOT, "diversity (mean distance between clips, m): %.4f%n", diversity));
        if (noveltyClips == 0) sb.append("novelty: not measured (0 clips asked for)\n");
        else sb.append(String.format(Locale.ROOT, "novelty (leave-one-out nearest window, %d clips, m): %.4f%n", noveltyClips, novelty));
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, Row r) {
        sb.append(String.format(Locale.ROOT, "%-16s %5d %7d %12.5f %12.6f %12.3f %12.2e%n", r.action(), r.clips(), r.frames(),
                r.footSkating(), r.floorPenetration(), r.jitter(), r.boneLengthChange()));
    }
}
