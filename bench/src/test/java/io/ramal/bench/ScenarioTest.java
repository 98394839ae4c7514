package io.ramal.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScenarioTest {

    @Test
    void scenariosByName() {
        assertEquals(100, Scenario.parse("light").calls);
        assertEquals(1000, Scenario.parse("Medium").calls);
        assertEquals(Scenario.HEAVY, Scenario.parse("heavy"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.parse("huge"));
        assertEquals(Scenario.AI, Scenario.parse("ai"));
        assertEquals(Scenario.QUEUE, Scenario.parse("Queue"));
        assertEquals(true, Scenario.LIGHT.echo() && Scenario.HEAVY.echo());
        assertEquals(false, Scenario.AI.echo() || Scenario.QUEUE.echo());
    }

    @Test
    void heavyStepsAscend() {
        assertEquals(List.of(500, 1000, 2500), Scenario.parseSteps("500, 1000,2500"));
        assertEquals(500, Scenario.defaultSteps().get(0));
        assertEquals(6000, Scenario.defaultSteps().get(Scenario.defaultSteps().size() - 1));
        assertThrows(IllegalArgumentException.class, () -> Scenario.parseSteps("1000,500"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.parseSteps("500,x"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.parseSteps(","));
    }

    @Test
    void rampOpensAbout250CallsASecond() {
        assertEquals(1, Scenario.defaultRampSeconds(20));
        assertEquals(4, Scenario.defaultRampSeconds(1000));
        assertEquals(12, Scenario.defaultRampSeconds(3000));
    }
}
