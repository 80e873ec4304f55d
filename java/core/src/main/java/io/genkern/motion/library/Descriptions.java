package io.genkern.motion.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plain-English captions of a clip, in the style of HumanML3D's texts ("a person walks forward
 * slowly"), built from the action and the parameters the generator drew, so that the words agree
 * with the motion (speed, side, count, direction).
 */
final class Descriptions {
    private static final String[] SUBJECTS = {"a person", "someone", "a man", "a woman", "the person", "a figure"};
    private static final String[] NUMBERS = {"zero", "once", "twice", "three times", "four times", "five times", "six times",
        "seven times", "eight times", "nine times", "ten times", "eleven times", "twelve times"};

    private Descriptions() {}

    /** Four distinct captions, the first always the plainest. */
    static List<String> of(Action action, Map<String, Double> p, SplittableRandom rng) {
        List<String> pool = switch (action) {
            case WALK -> walk(p);
            case JOG -> List.of("jogs forward" + pace(p, 1.7, 2.1), "jogs ahead at a steady pace", "runs at an easy jog",
                    "jogs" + curve(p) + " with bent arms", "trots forward lightly");
            case RUN -> List.of("runs forward" + pace(p, 2.7, 3.2), "sprints ahead", "runs" + curve(p) + " swinging the arms",
                    "dashes forward", "runs quickly straight ahead");
            case WALK_BACKWARDS -> List.of("walks backwards" + pace(p, 0.55, 0.75), "steps backward", "walks in reverse",
                    "backs up", "moves backwards step by step");
            case SIDE_STEP -> {
                String side = p.getOrDefault("direction_left", 1.0) > 0 ? "left" : "right";
                yield List.of("side steps to the " + side, "shuffles sideways to the " + side, "steps sideways towards the " + side,
                        "moves laterally to the " + side, "sidesteps " + side + "ward");
            }
            case TURN_LEFT, TURN_RIGHT -> turn(action == Action.TURN_LEFT ? "left" : "right", p);
            case MARCH -> p.getOrDefault("speed", 0.0) > 0
                    ? List.of("marches forward", "marches ahead lifting the knees high", "walks forward in a march",
                        "marches with swinging arms", "parades forward with high steps")
                    : List.of("marches in place", "marches on the spot lifting the knees", "stomps in place like a soldier",
                        "steps in place with high knees", "marches without moving forward");
            case JUMP_IN_PLACE -> List.of("jumps up " + times(p), "jumps in place " + times(p), "hops up and down on the spot",
                    "bends the knees and jumps straight up", "leaps vertically " + times(p));
            case HOP_FORWARD -> List.of("hops forward " + times(p), "jumps forward with both feet", "does " + count(p) + " jumps forward",
                    "bounds ahead with feet together", "leaps forward " + times(p));
            case SQUAT -> List.of("squats down " + times(p), "does " + count(p) + " squats", "bends the knees and squats",
                    "lowers into a squat and stands back up", "performs squats" + (p.getOrDefault("arms_forward", 0.0) > 0 ? " with arms forward" : ""));
            case KICK -> {
                String leg = p.getOrDefault("right_leg", 1.0) > 0 ? "right" : "left";
                yield List.of("kicks with the " + leg + " leg", "kicks forward " + times(p), "does a front kick with the " + leg + " foot",
                        "raises the " + leg + " leg and kicks", "kicks " + (p.getOrDefault("kick_height", 0.5) > 0.65 ? "high" : "low") + " with the " + leg + " foot");
            }
            case BOW -> List.of("bows", "bows " + (p.getOrDefault("bow_degrees", 40.0) > 45 ? "deeply" : "slightly") + " " + times(p),
                    "bends forward at the waist in a bow", "takes a bow", "greets with a polite bow");
            case IDLE -> List.of("stands still", "stands idle and shifts weight", "waits in place",
                    "stands" + (p.getOrDefault("look_around", 0.0) > 0 ? " looking around" : " relaxed"), "remains standing in one spot");
            case PUNCH -> List.of("punches " + times(p), "throws " + count(p) + " punches", "boxes in the air",
                    "punches forward with " + (p.getOrDefault("pattern", 0.0) == 1 ? "one hand" : "both fists"), "shadowboxes from a guard stance");
            case WAVE_LEFT -> wave("the left hand", p);
            case WAVE_RIGHT -> wave("the right hand", p);
            case WAVE_BOTH -> wave("both hands", p);
            case CLAP -> List.of("claps " + (p.getOrDefault("tempo_hz", 2.0) > 2.2 ? "quickly" : "slowly"), "claps the hands " + times(p),
                    "applauds", "claps in front of the chest", "brings the hands together " + times(p));
            case ARM_CIRCLES -> {
                String dir = p.getOrDefault("forward", 1.0) > 0 ? "forward" : "backward";
                yield List.of("does arm circles", "circles both arms " + dir, "rotates the arms in " + dir + " circles",
                        "stretches the arms out and swings them in circles", "makes " + (p.getOrDefault("amplitude", 0.3) > 0.3 ? "big" : "small") + " circles with the arms");
            }
        };
        List<String> phrases = new ArrayList<>(pool);
        List<String> out = new ArrayList<>();
        out.add(SUBJECTS[0] + " " + phrases.remove(0));
        while (out.size() < 4 && !phrases.isEmpty()) {
            String subject = SUBJECTS[rng.nextInt(SUBJECTS.length)];
            out.add(subject + " " + phrases.remove(rng.nextInt(phrases.size())));
        }
        return out;
    }

    private static List<String> walk(Map<String, Double> p) {
        double speed = p.getOrDefault("speed", 1.0);
        List<String> out = new ArrayList<>();
        out.add("walks forward" + pace(p, 0.85, 1.2) + curve(p));
        out.add(speed < 0.85 ? "strolls ahead" : speed > 1.2 ? "walks briskly ahead" : "walks straight ahead");
        out.add(p.getOrDefault("starts_from_rest", 0.0) > 0 ? "starts walking from a standstill" : "walks with swinging arms");
        out.add(p.getOrDefault("stops_at_end", 0.0) > 0 ? "walks and then stops" : "takes several steps forward");
        out.add("is walking" + curve(p));
        return out;
    }

    private static List<String> turn(String side, Map<String, Double> p) {
        double angle = p.getOrDefault("angle_degrees", 90.0);
        String amount = angle > 150 ? "turns around to the " + side : "turns " + Math.round(angle / 45) * 45 + " degrees to the " + side;
        return List.of("turns " + side, amount, "rotates in place to the " + side, "steps around to face " + side, "turns " + side + " on the spot");
    }

    private static List<String> wave(String hands, Map<String, Double> p) {
        String height = p.getOrDefault("hand_height", 1.0) > 1.0 ? "high above the head" : "at shoulder height";
        return List.of("waves with " + hands, "raises " + hands + " and waves", "waves hello with " + hands,
                "waves " + hands + " " + height, "greets another person by waving " + hands);
    }

    private static String pace(Map<String, Double> p, double slow, double fast) {
        double speed = p.getOrDefault("speed", (slow + fast) / 2);
        return speed < slow ? " slowly" : speed > fast ? " quickly" : "";
    }

    private static String curve(Map<String, Double> p) {
        double rate = p.getOrDefault("turn_rate", 0.0);
        return rate > 0 ? " curving to the left" : rate < 0 ? " curving to the right" : "";
    }

    private static String times(Map<String, Double> p) {
        int n = (int) Math.round(p.getOrDefault("count", 1.0));
        return n < NUMBERS.length ? NUMBERS[n] : n + " times";
    }

    private static String count(Map<String, Double> p) {
        int n = (int) Math.round(p.getOrDefault("count", 1.0));
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
        return n < words.length ? words[n] : Integer.toString(n);
    }
}
