package io.genkern.motion.io;

import java.util.Locale;

/** Which side of the body a joint is on, from the usual naming schemes ("left_hip", "LeftArm", "l_knee", "lShldr"). */
final class JointSides {
    static final int CENTER = 0, LEFT = 1, RIGHT = 2;

    private JointSides() {}

    static int of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean camel = name.length() > 1 && Character.isUpperCase(name.charAt(1));
        if (lower.startsWith("left") || lower.startsWith("l_") || name.charAt(0) == 'l' && camel) return LEFT;
        if (lower.startsWith("right") || lower.startsWith("r_") || name.charAt(0) == 'r' && camel) return RIGHT;
        return CENTER;
    }
}
