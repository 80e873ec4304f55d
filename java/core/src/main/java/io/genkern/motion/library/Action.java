package io.genkern.motion.library;

import io.genkern.GenkernException;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The actions of the procedural library, each with its label and its generator. */
public enum Action {
    WALK(Locomotion::walk),
    JOG(a -> Locomotion.run(a, false)),
    RUN(a -> Locomotion.run(a, true)),
    WALK_BACKWARDS(Locomotion::walkBackwards),
    SIDE_STEP(Locomotion::sideStep),
    TURN_LEFT(a -> Locomotion.turn(a, 1)),
    TURN_RIGHT(a -> Locomotion.turn(a, -1)),
    MARCH(Locomotion::march),
    JUMP_IN_PLACE(BodyActions::jumpInPlace),
    HOP_FORWARD(BodyActions::hopForward),
    SQUAT(BodyActions::squat),
    KICK(BodyActions::kick),
    BOW(BodyActions::bow),
    IDLE(BodyActions::idle),
    PUNCH(ArmActions::punch),
    WAVE_LEFT(a -> ArmActions.wave(a, 0)),
    WAVE_RIGHT(a -> ArmActions.wave(a, 1)),
    WAVE_BOTH(a -> ArmActions.wave(a, 2)),
    CLAP(ArmActions::clap),
    ARM_CIRCLES(ArmActions::armCircles);

    private final Function<Actor, Take> generator;

    Action(Function<Actor, Take> generator) {
        this.generator = generator;
    }

    /** Lower-case label used in clip ids and as the class label, e.g. "walk_backwards". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    Take generate(Actor actor) {
        return generator.apply(actor);
    }

    public static Action ofLabel(String label) {
        for (Action a : values()) if (a.label().equals(label)) return a;
        throw new GenkernException("unknown action '" + label + "'; known: "
                + Arrays.stream(values()).map(Action::label).toList());
    }
}
