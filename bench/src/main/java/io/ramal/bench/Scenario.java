package io.ramal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The named loads: {@code light} (100 calls) and {@code medium} (1000 calls) as the old team's
 * comparison had them, and {@code heavy}, which steps the call count up to find the largest that
 * stays clean, all on an echo line; {@code ai} (100 callers speaking in turns to an AI line) and
 * {@code queue} (100 pairs of attendant and caller, bridged by the queue).
 */
public enum Scenario {
    LIGHT(100),
    MEDIUM(1000),
    HEAVY(0),
    AI(100),
    QUEUE(100);

    /** Heavy steps when none are given: 500, 1000, ... 6000. */
    public static final int HEAVY_STEP = 500;
    public static final int HEAVY_MAX = 6000;

    /** Calls of light, medium and ai, pairs of queue; 0 for heavy, which steps. */
    public final int calls;

    Scenario(int calls) {
        this.calls = calls;
    }

    public static Scenario parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scenario " + s + " is invalid, allowed: light, medium, heavy, ai, queue", e);
        }
    }

    /** True for the scenarios of an echo line. */
    public boolean echo() {
        return this == LIGHT || this == MEDIUM || this == HEAVY;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Default ramp for {@code calls}: about 250 new calls a second, at least one second. */
    public static double defaultRampSeconds(int calls) {
        return Math.max(1, Math.ceil(calls / 250.0));
    }

    /** Parses {@code 500,1000,1500} into ascending steps. */
    public static List<Integer> parseSteps(String text) {
        List<Integer> steps = new ArrayList<>();
        for (String p : text.split(",")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--steps " + text + " is invalid: '" + t + "' is not a number", e);
            }
            if (n < 1 || (!steps.isEmpty() && n <= steps.get(steps.size() - 1))) {
                throw new IllegalArgumentException("--steps " + text + " is invalid, expected ascending call counts >= 1");
            }
            steps.add(n);
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("--steps is empty, expected e.g. 500,1000,1500");
        }
        return steps;
    }

    /** 500, 1000, ... 6000. */
    public static List<Integer> defaultSteps() {
        List<Integer> steps = new ArrayList<>();
        for (int n = HEAVY_STEP; n <= HEAVY_MAX; n += HEAVY_STEP) {
            steps.add(n);
        }
        return steps;
    }
}
