package io.genkern.motion.library;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Skeleton;
import io.genkern.motion.metrics.MotionMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionLibraryTest {
    private static long seed;
    private static MotionLibrary library;

    @BeforeAll
    static void generate() {
        seed = TestSeeds.seed();
        library = MotionLibrary.standard(seed);
    }

    @Test
    void hasAtLeast500ClipsOfTwoToTenSecondsForEveryAction() {
        assertTrue(library.size() >= 500, "library has " + library.size() + " clips");
        Set<String> actions = new HashSet<>();
        for (MotionClip c : library.clips()) {
            assertEquals(20f, c.fps());
            assertTrue(c.seconds() >= 2 && c.seconds() <= 10, c.id() + " lasts " + c.seconds() + " s, seed " + seed);
            assertTrue(c.descriptions().size() >= 3, c.id() + " has " + c.descriptions());
            assertEquals(c.descriptions().size(), new HashSet<>(c.descriptions()).size(), c.id() + " repeats a description");
            for (String d : c.descriptions()) assertFalse(d.isBlank() || d.contains("  "), c.id() + ": '" + d + "'");
            actions.add(c.action());
        }
        assertEquals(Set.copyOf(MotionLibrary.actions()), actions);
        assertTrue(actions.containsAll(List.of("walk", "run", "jog", "walk_backwards", "side_step", "turn_left", "turn_right",
                "jump_in_place", "hop_forward", "squat", "kick", "punch", "wave_left", "wave_right", "wave_both", "clap",
                "arm_circles", "bow", "idle", "march")));
    }

    @Test
    void sameSeedSameClipsOtherSeedOtherClips() {
        MotionLibrary again = MotionLibrary.generate(seed, 2);
        MotionLibrary other = MotionLibrary.generate(seed + 1, 2);
        for (Action action : Action.values()) {
            MotionClip a = library.clips(action.label()).get(1);
            MotionClip b = again.clips(action.label()).get(1);
            assertTrue(Arrays.deepEquals(a.positions(), b.positions()), action + " differs for the same seed " + seed);
            assertEquals(a.descriptions(), b.descriptions());
            MotionClip c = other.clips(action.label()).get(1);
            assertFalse(Arrays.deepEquals(a.positions(), c.positions()), action + " is the same for seeds " + seed + " and " + (seed + 1));
            MotionClip d = library.clips(action.label()).get(2);
            assertFalse(Arrays.deepEquals(a.positions(), d.positions()), action + " repeats a clip within the library");
        }
        assertTrue(Arrays.deepEquals(library.clip(0).positions(), MotionLibrary.clip(Action.WALK, seed, 0).positions()));
    }

    @Test
    void nothingGoesBelowTheFloorAndBonesKeepTheirLength() {
        int[] parents = Skeleton.smpl22().parents();
        for (MotionClip c : library.clips()) {
            double lowest = Double.POSITIVE_INFINITY;
            for (float[][] frame : c.positions()) for (float[] p : frame) lowest = Math.min(lowest, p[1]);
            assertTrue(lowest > -1e-5, c.id() + " reaches " + lowest + " m below the floor, seed " + seed);
            assertTrue(lowest < 0.01, c.id() + " never touches the floor (lowest " + lowest + " m), seed " + seed);
            for (int j = 1; j < parents.length; j++) {
                double min = Double.POSITIVE_INFINITY, max = 0;
                for (float[][] f : c.positions()) {
                    double len = Math.sqrt(Math.pow(f[j][0] - f[parents[j]][0], 2) + Math.pow(f[j][1] - f[parents[j]][1], 2)
                            + Math.pow(f[j][2] - f[parents[j]][2], 2));
                    min = Math.min(min, len);
                    max = Math.max(max, len);
                }
                assertTrue(max - min < 1e-5, c.id() + " bone " + j + " varies by " + (max - min) + " m, seed " + seed);
            }
        }
    }

    @Test
    void jointCurvesAreSmooth() {
        for (MotionClip c : library.clips()) {
            float[][][] p = c.positions();
            for (int t = 1; t + 1 < p.length; t++) {
                for (int j = 0; j < p[t].length; j++) {
                    double speed = 0;
                    double accel = 0;
                    for (int k = 0; k < 3; k++) {
                        speed += Math.pow((p[t + 1][j][k] - p[t][j][k]) * 20, 2);
                        accel += Math.pow((p[t + 1][j][k] - 2 * p[t][j][k] + p[t - 1][j][k]) * 400, 2);
                    }
                    // Beyond what a sprinting body or a punching fist does: these catch jumps and IK flips.
                    assertTrue(Math.sqrt(speed) < 15, c.id() + " joint " + j + " frame " + t + " moves at " + Math.sqrt(speed)
                            + " m/s, seed " + seed);
                    assertTrue(Math.sqrt(accel) < 600, c.id() + " joint " + j + " frame " + t + " accelerates at " + Math.sqrt(accel)
                            + " m/s², seed " + seed);
                }
            }
        }
    }

    @Test
    void plantedFeetDoNotSlide() {
        for (MotionClip c : library.clips()) {
            double skating = MotionMetrics.footSkating(c.positions(), c.fps());
            double bound = switch (c.action()) {
                case "squat", "bow", "idle", "punch", "wave_left", "wave_right", "wave_both", "clap", "arm_circles" -> 1e-3;
                default -> 0.1; // rolling over the toes and lifting off count as motion near the floor
            };
            assertTrue(skating < bound, c.id() + " skates at " + skating + " m/s, seed " + seed);
        }
    }

    /** Total turn (radians, positive towards the body's left) and travel (x: left, z: forward) in the body's frame. */
    private static double[] travel(MotionClip clip) {
        double turn = 0, left = 0, ahead = 0;
        for (float[] f : clip.features()) {
            turn -= 2 * f[HumanMl3d.ROOT_ANGULAR_VELOCITY]; // HumanML3D stores half the heading step, with this sign
            left += f[HumanMl3d.ROOT_LINEAR_VELOCITY];
            ahead += f[HumanMl3d.ROOT_LINEAR_VELOCITY + 1];
        }
        return new double[] {turn, left, ahead};
    }

    @Test
    void actionsMoveTheWayTheirLabelsSay() {
        for (MotionClip c : library.clips()) {
            double[] m = travel(c);
            String where = c.id() + " turns " + m[0] + " rad, goes " + m[1] + " m left and " + m[2] + " m ahead, seed " + seed;
            switch (c.action()) {
                case "walk" -> assertTrue(m[2] > 0.8 && Math.abs(m[1]) < 0.2 * m[2], where);
                case "run", "jog" -> assertTrue(m[2] > 3 && Math.abs(m[1]) < 0.2 * m[2], where);
                case "hop_forward" -> assertTrue(m[2] > 0.4, where);
                case "walk_backwards" -> assertTrue(m[2] < -0.5 && Math.abs(m[1]) < 0.3, where);
                case "side_step" -> assertTrue(Math.abs(m[1]) > 0.4 && Math.signum(m[1]) == c.parameters().get("direction_left")
                        && Math.abs(m[2]) < 0.2, where);
                case "turn_left" -> assertTrue(m[0] > Math.toRadians(60), where);
                case "turn_right" -> assertTrue(m[0] < -Math.toRadians(60), where);
                case "squat", "bow", "idle", "punch", "wave_left", "wave_right", "wave_both", "clap", "arm_circles", "kick",
                        "jump_in_place" -> assertTrue(Math.abs(m[0]) < 0.3 && Math.hypot(m[1], m[2]) < 0.3, where);
                default -> { }
            }
        }
    }

    @Test
    void featureWindowsCoverEveryLongEnoughClip() {
        List<MotionLibrary.Window> windows = library.featureWindows(40, 20);
        long expected = library.features().stream().mapToLong(f -> f.length < 40 ? 0 : (f.length - 40) / 20 + 1).sum();
        assertEquals(expected, windows.size());
        MotionLibrary.Window last = windows.get(windows.size() - 1);
        assertEquals(40, last.features().length);
        assertEquals(library.size() - 1, last.clip());
        assertTrue(Arrays.equals(library.features().get(last.clip())[last.start() + 39], last.features()[39]));
        assertEquals(library.size(), library.features().size());
        assertThrows(GenkernException.class, () -> library.featureWindows(0, 1));
        assertThrows(GenkernException.class, () -> library.clips("moonwalk"));
        assertEquals(0, MotionLibrary.actionIndex("walk"));
    }
}
