package io.genkern.motion.library;

import java.util.Map;
import java.util.function.DoubleFunction;

/** A generator's result before sampling: its length, the pose at any time, and the parameters it drew. */
record Take(double seconds, DoubleFunction<BodyPose> pose, Map<String, Double> parameters) {}
