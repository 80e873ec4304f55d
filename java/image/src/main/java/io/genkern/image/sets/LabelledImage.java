package io.genkern.image.sets;

import io.genkern.image.Image;

/** One image of a built-in set: {@code name} is a file stem ("bricks_003"), {@code label} its class ("bricks"). */
public record LabelledImage(String name, String label, Image image) {}
