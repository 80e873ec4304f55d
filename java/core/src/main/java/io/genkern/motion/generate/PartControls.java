package io.genkern.motion.generate;

import io.genkern.motion.library.MotionLibrary;
import io.genkern.motion.metrics.ActionExtent;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a part's words ask of its path that clip matching cannot give: a turn by an angle ("turn
 * left", 90° unless the text gives one: "turn right 45 degrees", "turn around" = 180°) and a circle
 * ("jogs in a circle": a closed circle whose length is the action's median library speed times the
 * part's duration, to the left unless the text says right or clockwise). The library's turn clips
 * turn anywhere from 80° to 190°, and locomotion clips go nearly straight, so without these a turn
 * came out at 7–10° and a circle as a straight line.
 */
final class PartControls {
    private PartControls() {}

    /** The default turn when the text names no angle. */
    static final double DEFAULT_TURN_DEGREES = 90;
    private static final Pattern ANGLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:°|deg\\b|degrees?\\b)");
    private static final Pattern AROUND = Pattern.compile("\\b(?:turns? around|turning around|turn back|about face|u-turn)\\b");
    private static final Pattern CIRCLE = Pattern.compile("\\b(?:in (?:a |one )?circles?|around in a circle|in a ring|circles? around)\\b");
    private static final Pattern RIGHTWARDS = Pattern.compile("(?<!counter)(?<!anti)(?<!counter-)(?<!anti-)\\bclockwise\\b|\\bto the right\\b|\\bright\\b");

    /**
     * The control part [from, to) of a {@code frames}-frame motion needs, if any: {@code action} is
     * what the part matched ({@code null}: nothing).
     */
    static Optional<MotionControl> of(String text, String action, int frames, int from, int to, MotionLibrary library) {
        String t = text.toLowerCase(Locale.ROOT);
        if (action != null && (action.equals("turn_left") || action.equals("turn_right"))) {
            double degrees = (action.equals("turn_left") ? 1 : -1) * turnDegrees(t) / facingPerRootTurn(library);
            return Optional.of(MotionControls.turn(frames, from, to, degrees));
        }
        if (action != null && ActionExtent.forAction(action) == ActionExtent.SPEED && CIRCLE.matcher(t).find() && to - from >= 8) {
            double length = ActionExtent.library(library, action).median() * (to - from) / MotionLibrary.FPS;
            return Optional.of(circle(frames, from, to, length / (2 * Math.PI), RIGHTWARDS.matcher(t).find()));
        }
        return Optional.empty();
    }

    /** The longest turn a part may ask for: three full turns. */
    static final double MAX_TURN_DEGREES = 1080;

    static double turnDegrees(String text) {
        Matcher m = ANGLE.matcher(text);
        if (!m.find()) return AROUND.matcher(text).find() ? 180 : DEFAULT_TURN_DEGREES;
        double degrees = Double.parseDouble(m.group(1));
        if (degrees > MAX_TURN_DEGREES) {
            throw new io.genkern.GenkernException("'" + text + "' asks for a turn of " + m.group(1) + "°; a part turns at most "
                    + MAX_TURN_DEGREES + "°");
        }
        return degrees;
    }

    /**
     * How far the body's facing (hips and shoulders, {@link ActionExtent}) turns per degree of the
     * root rotation the features integrate, the median over the library's turns (about 1.1: the
     * decoded body leads its root into a turn). The control fixes the root; the user asks about the body.
     */
    static double facingPerRootTurn(MotionLibrary library) {
        java.util.List<Double> ratios = new java.util.ArrayList<>();
        for (int c = 0; c < library.size(); c++) {
            String action = library.clip(c).action();
            if (!action.equals("turn_left") && !action.equals("turn_right")) continue;
            double root = 0;
            for (float[] f : library.features().get(c)) root -= 2 * f[io.genkern.motion.HumanMl3d.ROOT_ANGULAR_VELOCITY];
            double facing = ActionExtent.forAction("turn_left").of(library.clip(c).positions(), library.clip(c).fps());
            if (Math.abs(root) > 1e-3) ratios.add(facing / Math.toDegrees(root));
        }
        if (ratios.isEmpty()) return 1;
        java.util.Collections.sort(ratios);
        return ratios.get(ratios.size() / 2);
    }

    /** A closed circle of radius r over frames [from, to), starting ahead and curving left (or right). */
    private static MotionControl circle(int frames, int from, int to, double radius, boolean rightwards) {
        int points = 24;
        double[][] path = new double[points + 1][];
        double side = rightwards ? -1 : 1; // facing +Z, the left is +X
        for (int i = 0; i <= points; i++) {
            double phi = 2 * Math.PI * i / points;
            path[i] = new double[] {from + (double) (to - 1 - from) * i / points, side * radius * (1 - Math.cos(phi)), radius * Math.sin(phi)};
        }
        return MotionControls.rootPath(frames, path);
    }
}
